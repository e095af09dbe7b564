/** Benchmark results rendered as text (Markdown in the seed's table style, CSV) and run-vs-run comparison. Pure. */
import type { BenchResult, ScenarioResult } from '../../../src-engine/core/bench/types.js';
import { guardFormula } from '../../../src-engine/core/csv-guard.js';

const ms = (x: number) => `${x.toFixed(1)}ms`;

/** The seed's results table, plus the columns Kira adds (p50, p99, stddev, req/s) and the reason behind each grade. */
export function resultToMarkdown(r: BenchResult): string {
  const rows = r.scenarios.map(
    (s) =>
      `| \`${s.name}\` | ${ms(s.latency_ms.mean)} | ${ms(s.latency_ms.p50)} | ${ms(s.latency_ms.p95)} | ${ms(s.latency_ms.p99)} | ${ms(s.latency_ms.stddev)} | ${s.throughput.toFixed(1)} | ${s.success_rate.toFixed(1)}% | ${s.grade ?? '—'} | ${s.grade_reasons.join('; ')} |`,
  );
  return [
    `# Benchmark: ${r.suite}`,
    '',
    `Target: ${r.target.label} · started ${r.started_at} · verdict **${r.verdict}** (${r.verdict_detail.fast}/${r.verdict_detail.graded} endpoints under 200ms)`,
    '',
    '| Endpoint | Avg Response Time | P50 | P95 Time | P99 | Std dev | Req/s | Success Rate | Grade | Why |',
    '|----------|------------------|-----|----------|-----|---------|-------|--------------|-------|-----|',
    ...rows,
    '',
    '## Recommendations',
    ...(r.recommendations.length ? r.recommendations.map((x) => `- ${x}`) : ['- None']),
    '',
    '## Method',
    ...r.method.map((x) => `- ${x}`),
    `- Machine: ${r.environment.cpu_model}, ${r.environment.cores} cores, Node ${r.environment.node}`,
    '',
  ].join('\n');
}

/** The engine's formula guard (core/csv-guard.ts; csv-stringify does not load in the page): text such as a scenario named =HYPERLINK(…) is not run by a spreadsheet. */
function csvCell(v: string | number | null): string {
  const s = v === null ? '' : typeof v === 'number' ? String(v) : guardFormula(v);
  return /[",\r\n]/.test(s) || s.startsWith("'") ? `"${s.replace(/"/g, '""')}"` : s;
}

export function resultToCsv(r: BenchResult): string {
  const head = [
    'scenario',
    'requests',
    'errors',
    'success_rate',
    'throughput',
    'min',
    'mean',
    'stddev',
    'p50',
    'p90',
    'p95',
    'p99',
    'p999',
    'max',
    'grade',
    'grade_reasons',
  ];
  const lines = r.scenarios.map((s) =>
    [
      s.name,
      s.requests,
      s.error_total,
      s.success_rate,
      s.throughput,
      s.latency_ms.min,
      s.latency_ms.mean,
      s.latency_ms.stddev,
      s.latency_ms.p50,
      s.latency_ms.p90,
      s.latency_ms.p95,
      s.latency_ms.p99,
      s.latency_ms.p999,
      s.latency_ms.max,
      s.grade,
      s.grade_reasons.join('; '),
    ]
      .map(csvCell)
      .join(','),
  );
  return [head.join(','), ...lines].join('\n') + '\n';
}

export interface ScenarioDiff {
  name: string;
  a: number | null;
  b: number | null;
  /** b − a in ms (mean latency). */
  delta: number | null;
  /** The difference exceeds both runs' 95% confidence half-widths combined (larger than run-to-run noise). */
  significant: boolean;
}

/** Half-width of the 95% confidence interval of a mean (normal approximation). */
function halfWidth(s: ScenarioResult): number {
  return s.requests > 1 ? (1.96 * s.latency_ms.stddev) / Math.sqrt(s.requests) : Infinity;
}

export function compareRuns(a: BenchResult, b: BenchResult): ScenarioDiff[] {
  const names = [...new Set([...a.scenarios.map((s) => s.name), ...b.scenarios.map((s) => s.name)])];
  return names.map((name) => {
    const sa = a.scenarios.find((s) => s.name === name && s.status === 'ok');
    const sb = b.scenarios.find((s) => s.name === name && s.status === 'ok');
    if (!sa || !sb) return { name, a: sa?.latency_ms.mean ?? null, b: sb?.latency_ms.mean ?? null, delta: null, significant: false };
    const delta = sb.latency_ms.mean - sa.latency_ms.mean;
    const noise = Math.hypot(halfWidth(sa), halfWidth(sb));
    return { name, a: sa.latency_ms.mean, b: sb.latency_ms.mean, delta, significant: Math.abs(delta) > noise };
  });
}
