/** Chart options as pure functions of data (no DOM): easy to test, and the views only pass results in. */
import type { BreakdownResult, TrendsResult } from '../../../src-engine/core/views/types.js';
import { minorDigits } from '../../../src-engine/core/money.js';
import { formatMoney, formatMoneyCompact } from '../format/money.js';
import type { ChartOption } from './echarts.js';

const COLORS = { revenue: '#2e7d32', expenses: '#c62828', profit: '#1565c0', paid: '#00897b' };

function bucketLabel(from: string, granularity: string): string {
  if (granularity === 'month') return from.slice(0, 7);
  if (granularity === 'year') return from.slice(0, 4);
  if (granularity === 'quarter') return `${from.slice(0, 4)} Q${Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1}`;
  return from;
}

/** Money is charted in major units (axis labels) but tooltips format the exact minor value. */
function moneyAxis(currency: string) {
  const scale = 10 ** minorDigits(currency);
  return {
    type: 'value' as const,
    axisLabel: { formatter: (v: number) => formatMoneyCompact(v * scale, currency) },
  };
}

export function trendOption(t: TrendsResult, currency: string): ChartOption {
  const scale = 10 ** minorDigits(currency);
  const labels = t.buckets.map((b) => bucketLabel(b.from, t.granularity));
  const line = (name: string, key: 'revenue' | 'expenses' | 'profit', color: string) => ({
    name,
    type: 'line' as const,
    smooth: false,
    showSymbol: t.buckets.length < 40,
    color,
    data: t.buckets.map((b) => b[key] / scale),
  });
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatMoney(Math.round(Number(v) * scale), currency) },
    legend: { top: 0 },
    grid: { left: 64, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: labels },
    yAxis: moneyAxis(currency),
    series: [
      line('Revenue', 'revenue', COLORS.revenue),
      line('Expenses', 'expenses', COLORS.expenses),
      line('Profit', 'profit', COLORS.profit),
    ],
  };
}

/** Paid invoices (cash basis revenue) against expenses, per bucket. */
export function cashFlowOption(cash: TrendsResult, currency: string): ChartOption {
  const scale = 10 ** minorDigits(currency);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatMoney(Math.round(Number(v) * scale), currency) },
    legend: { top: 0 },
    grid: { left: 64, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: cash.buckets.map((b) => bucketLabel(b.from, cash.granularity)) },
    yAxis: moneyAxis(currency),
    series: [
      { name: 'Paid in', type: 'bar', color: COLORS.paid, data: cash.buckets.map((b) => b.revenue / scale) },
      { name: 'Expenses', type: 'bar', color: COLORS.expenses, data: cash.buckets.map((b) => b.expenses / scale) },
    ],
  };
}

export function breakdownOption(b: BreakdownResult, currency: string): ChartOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const x = p as { name: string; value: number; percent: number };
        return `${x.name}: ${formatMoney(x.value, currency)} (${x.percent}%)`;
      },
    },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [
      {
        name: 'Expenses by category',
        type: 'pie',
        radius: ['40%', '70%'],
        center: ['35%', '50%'],
        label: { show: false },
        // values stay in minor units: a pie only needs proportions, and the tooltip formats them exactly
        data: b.categories.filter((c) => c.amount > 0).map((c) => ({ name: c.label, value: c.amount, code: c.code })),
      },
    ],
  };
}
