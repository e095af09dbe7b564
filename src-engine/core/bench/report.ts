/**
 * Printers: the CLI's graded table, the Markdown report (the seed's table plus method and machine notes),
 * CSV, and the comparison of two runs. Each returns a string; nothing here writes anywhere.
 */
import { csvWriter } from '../csv-writer.js';
import type { ScenarioDelta } from './compare.js';
import { fmtMs, markdownTable, textTable } from './table.js';
import type { BenchResult, ScenarioResult } from './types.js';

const pct = (x: number) => `${x.toFixed(1)}%`;

function row(s: ScenarioResult): string[] {
  if (s.status === 'skipped' || s.status === 'failed') return [s.name, s.status, '', '', '', '', '', '', s.skip_reason ?? ''];
  const L = s.latency_ms;
  return [
    s.name,
    fmtMs(L.mean),
    fmtMs(L.p50),
    fmtMs(L.p95),
    fmtMs(L.p99),
    pct(s.success_rate),
    s.throughput.toFixed(1),
    String(s.requests),
    s.grade ?? '—',
  ];
}

const HEAD = ['Endpoint', 'Avg', 'P50', 'P95', 'P99', 'Success', 'Req/s', 'Requests', 'Grade'];

function pairedLines(r: BenchResult): string[] {
  return r.scenarios.flatMap((s) =>
    s.paired
      ? [
          `${s.name}: ${s.paired.a.label} mean ${fmtMs(s.paired.a.latency_ms.mean)} (p50 ${fmtMs(s.paired.a.latency_ms.p50)}), ` +
            `${s.paired.b.label} mean ${fmtMs(s.paired.b.latency_ms.mean)} (p50 ${fmtMs(s.paired.b.latency_ms.p50)}); ` +
            `${s.paired.a.label}/${s.paired.b.label} = ${s.paired.ratio_mean ?? '—'}× on the mean, ${s.paired.ratio_p50 ?? '—'}× on the p50`,
        ]
      : [],
  );
}

function verdictLine(r: BenchResult): string {
  const d = r.verdict_detail;
  return `Verdict: ${r.verdict} (${d.fast}/${d.graded} graded endpoint scenarios with mean < 200 ms)`;
}

/** Gate and SLO lines, failed requests' latency and short samples: what decides pass/fail beside the grade. */
function honestyLines(r: BenchResult): string[] {
  const out: string[] = [];
  const gates = r.gates ?? [];
  if (gates.length > 0) {
    const failed = gates.filter((g) => !g.pass);
    out.push(`Success gate (≥ ${r.min_success ?? 99}%): ${gates.length - failed.length}/${gates.length} pass`);
    for (const g of failed) out.push(`  FAIL ${g.scenario ?? 'run'}: ${g.actual}, needs ${g.expected}`);
  }
  for (const s of r.scenarios.filter((x) => x.slo)) {
    const slo = s.slo;
    if (!slo) continue;
    const apdex = slo.apdex === null ? '' : `, Apdex ${slo.apdex}`;
    out.push(`SLO ${s.name}: ${slo.pass ? 'PASS' : 'FAIL'}${apdex}`);
    for (const l of slo.lines.filter((x) => !x.pass)) out.push(`  FAIL ${l.limit} ${l.actual}, SLO ${l.expected}`);
  }
  for (const s of r.scenarios) {
    if (s.failed_latency_ms && s.errors.status > 0)
      out.push(
        `Failed requests ${s.name}: ${s.errors.status} answered with an unexpected status, mean ${fmtMs(s.failed_latency_ms.mean)}, p99 ${fmtMs(s.failed_latency_ms.p99)} (not in the figures above)`,
      );
    const short = s.short_percentiles ?? [];
    if (s.status === 'ok' && s.requests > 0 && short.length > 0)
      out.push(`Few samples ${s.name}: ${s.samples ?? 0} successful requests; ${short.join(', ')} rest on too few to trust`);
  }
  for (const s of r.scenarios) {
    const unit = s.iterations ? 'iterations/s' : 'req/s';
    if (s.rate)
      out.push(
        `Rate ${s.name}: target ${s.rate.target} ${unit}, achieved ${s.rate.achieved}, dropped ${s.dropped ?? 0}${s.saturated ? ` — SATURATED (${s.saturation ?? ''})` : ''}`,
      );
    if (s.iterations)
      out.push(
        `Iterations ${s.name}: ${s.iterations.started} started, ${s.iterations.completed} completed, ${s.iterations.dropped} dropped`,
      );
    const g = s.generators;
    // Shown whenever the count was not simply one: an explicit --threads N that could not split the load says why.
    if (g && (g.threads > 1 || g.chosen !== 'single'))
      out.push(
        `Generators ${s.name}: ${g.threads} (${g.chosen}: ${g.reason}); ${g.per_thread.map((t, i) => `#${i + 1} busy ${Math.round(t.busy * 100)}% lag p99 ${fmtMs(t.lag_p99_ms)}${t.cpu_ms !== undefined && t.requests > 0 ? ` CPU ${((t.cpu_ms * 1000) / t.requests).toFixed(1)} µs/req` : ''}`).join(', ')}`,
      );
    if (s.check_failures !== undefined) out.push(`Checks ${s.name}: ${s.check_failures} failed (counted as errors)`);
    for (const [tag, t] of Object.entries(s.tags ?? {}))
      out.push(
        `  tag ${tag}: ${t.requests} requests, ${t.error_total} errors, p50 ${fmtMs(t.latency_ms.p50)}, p99 ${fmtMs(t.latency_ms.p99)}`,
      );
    if ((s.connect_failures ?? 0) > 0)
      out.push(`Connections ${s.name}: ${s.connect_failures} failed connection attempts (retried with back-off, not counted as requests)`);
  }
  if (r.pass !== undefined)
    out.push(`Run: ${r.pass ? 'PASS' : 'FAIL'}${r.saturated ? ' (saturated: figures describe a lighter load than asked)' : ''}`);
  return out;
}

/** The CLI's stdout: graded table, paired comparisons, verdict, target and budget lines, recommendations. */
export function renderText(r: BenchResult): string {
  const out = [textTable(HEAD, r.scenarios.map(row)), ''];
  for (const l of pairedLines(r)) out.push(l);
  out.push(verdictLine(r));
  const failedTargets = r.targets.filter((t) => !t.pass);
  out.push(`Targets: ${r.targets.length - failedTargets.length}/${r.targets.length} pass`);
  for (const t of failedTargets) out.push(`  FAIL ${t.scenario}: ${t.target} (actual ${t.actual})`);
  if (r.budgets.length > 0) {
    const failed = r.budgets.filter((b) => !b.pass);
    out.push(`Budgets${r.budget_profile ? ` (${r.budget_profile})` : ''}: ${r.budgets.length - failed.length}/${r.budgets.length} pass`);
    for (const b of failed) out.push(`  FAIL ${b.scenario}: ${b.limit} ${b.actual}, budget ${b.expected}`);
  }
  out.push(...honestyLines(r));
  out.push('', 'Recommendations:', ...r.recommendations.map((x) => `  - ${x}`));
  return out.join('\n') + '\n';
}

export function renderMarkdown(r: BenchResult): string {
  const e = r.environment;
  const out = [
    `# Kira benchmark — ${r.suite}`,
    '',
    `Target: ${r.target.label} (${r.target.base_url}) · ${r.started_at} → ${r.finished_at}${r.quick ? ' · quick mode' : ''}${r.aborted ? ' · **aborted**' : ''}`,
    '',
    `**${verdictLine(r)}**`,
    '',
    '## Detailed endpoint performance',
    '',
    markdownTable(
      ['Endpoint', 'Avg Response Time', 'P50', 'P95 Time', 'P99', 'Success Rate', 'Req/s', 'Requests', 'Grade'],
      r.scenarios.map((s) => {
        const x = row(s);
        return [`\`${x[0]}\``, ...x.slice(1)];
      }),
    ),
    '',
    ...pairedLines(r).map((l) => `- ${l}`),
    '',
    '## Grades and reasons',
    '',
    ...r.scenarios.filter((s) => s.grade_reasons.length > 0).map((s) => `- \`${s.name}\` (${s.model}): ${s.grade_reasons.join('; ')}`),
    '',
    '## Targets',
    '',
    ...r.targets.map((t) => `- ${t.pass ? 'PASS' : 'FAIL'} \`${t.scenario}\`: ${t.target} (actual ${t.actual})`),
    ...(r.budgets.length > 0
      ? [
          '',
          `## Budgets${r.budget_profile ? ` (${r.budget_profile})` : ''}`,
          '',
          ...r.budgets.map((b) => `- ${b.pass ? 'PASS' : 'FAIL'} \`${b.scenario}\`: ${b.limit} ${b.actual}, budget ${b.expected}`),
        ]
      : []),
    '',
    '## Gates and SLOs',
    '',
    ...honestyLines(r).map((l) => (l.startsWith('  ') ? `  - ${l.trim()}` : `- ${l}`)),
    '',
    '## Recommendations',
    '',
    ...r.recommendations.map((x) => `- ${x}`),
    '',
    '## Method',
    '',
    ...r.method.map((m) => `- ${m}`),
    '',
    '## Machine',
    '',
    `- CPU: ${e.cpu_model}, ${e.cores} cores, ${e.total_memory_mb} MiB RAM, ${e.platform}`,
    `- Node ${e.node}, Kira ${e.kira_version}, load generator: ${e.load_generator}`,
    `- Dataset: ${
      e.dataset
        ? Object.entries(e.dataset)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        : 'not known (external target)'
    }`,
    '',
  ];
  return out.join('\n');
}

const CSV_HEAD = [
  'scenario',
  'type',
  'status',
  'method',
  'path',
  'model',
  'requests',
  'errors_status',
  'errors_timeout',
  'errors_connection',
  'success_rate',
  'throughput',
  'bytes_received',
  'min_ms',
  'mean_ms',
  'stddev_ms',
  'p50_ms',
  'p90_ms',
  'p95_ms',
  'p99_ms',
  'p999_ms',
  'max_ms',
  'grade',
  'grade_reasons',
];

/** Kira's one CSV writer (core/csv-writer.ts): scenario names and paths are formula-guarded text. */
export function renderCsv(r: BenchResult): string {
  const rows = r.scenarios.map((s) => {
    const L = s.latency_ms;
    return [
      s.name,
      s.type,
      s.status,
      s.method,
      s.path,
      s.model,
      s.requests,
      s.errors.status,
      s.errors.timeout,
      s.errors.connection,
      s.success_rate,
      s.throughput,
      s.bytes_received,
      L.min,
      L.mean,
      L.stddev,
      L.p50,
      L.p90,
      L.p95,
      L.p99,
      L.p999,
      L.max,
      s.grade,
      s.grade_reasons.join('; '),
    ];
  });
  return csvWriter().rows([CSV_HEAD, ...rows]);
}

export function renderComparison(baseId: number | string, newId: number | string, deltas: readonly ScenarioDelta[]): string {
  const rows = deltas.map((d) => [
    d.scenario,
    fmtMs(d.base_mean),
    fmtMs(d.new_mean),
    `${d.delta_ms >= 0 ? '+' : ''}${d.delta_ms.toFixed(2)}ms`,
    d.delta_pct === null ? '—' : `${d.delta_pct >= 0 ? '+' : ''}${d.delta_pct.toFixed(1)}%`,
    `±${Number.isFinite(d.noise_ms) ? d.noise_ms.toFixed(2) : '∞'}ms`,
    `${fmtMs(d.base_p99)} → ${fmtMs(d.new_p99)}`,
    d.direction === 'same' ? 'within noise' : d.direction,
  ]);
  return (
    `Compared with run ${baseId} (this run: ${newId}); noise = 95% CI from time slices of both runs (per-request spread for runs without them), and at least 5%\n` +
    textTable(['Scenario', `Mean #${baseId}`, 'Mean now', 'Delta', 'Delta %', 'Noise', 'P99', 'Change'], rows) +
    '\n'
  );
}
