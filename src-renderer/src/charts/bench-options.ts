/** Benchmark charts as pure option builders: live latency, per-scenario histogram, p50/p99 across runs. */
import type { HistogramBucket } from '../../../src-engine/core/bench/types.js';
import type { ChartOption } from './echarts.js';
import type { LivePoint } from '../state/bench.js';

const msAxis = { type: 'value' as const, name: 'ms', axisLabel: { formatter: (v: number) => `${v}` } };

export function liveLatencyOption(points: Record<string, LivePoint[]>): ChartOption {
  const series = Object.entries(points).flatMap(([name, pts]) => [
    { name: `${name} p50`, type: 'line' as const, showSymbol: false, data: pts.map((p) => [p.t / 1000, p.p50]) },
    {
      name: `${name} p99`,
      type: 'line' as const,
      showSymbol: false,
      lineStyle: { type: 'dashed' as const },
      data: pts.map((p) => [p.t / 1000, p.p99]),
    },
  ]);
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 48, right: 24, top: 48, bottom: 28 },
    xAxis: { type: 'value', name: 's' },
    yAxis: msAxis,
    series,
  };
}

export function histogramOption(buckets: HistogramBucket[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 8, top: 12, bottom: 36 },
    xAxis: { type: 'category', data: buckets.map((b) => `${b.from_ms.toFixed(1)}–${b.to_ms.toFixed(1)}`), name: 'ms' },
    yAxis: { type: 'value', name: 'requests' },
    series: [{ name: 'Requests', type: 'bar', data: buckets.map((b) => b.count), barCategoryGap: '5%' }],
  };
}

export interface HistoryPoint {
  label: string;
  p50: number | null;
  p99: number | null;
}

export function historyOption(scenario: string, pts: HistoryPoint[]): ChartOption {
  return {
    // Drawn at once: a chart of one run is a pair of points, and an entry animation would hide them.
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(1)} ms`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: pts.map((p) => p.label) },
    yAxis: msAxis,
    series: [
      { name: `${scenario} p50`, type: 'line', showSymbol: true, symbolSize: 7, data: pts.map((p) => p.p50) },
      {
        name: `${scenario} p99`,
        type: 'line',
        showSymbol: true,
        symbolSize: 7,
        lineStyle: { type: 'dashed' },
        data: pts.map((p) => p.p99),
      },
    ],
  };
}
