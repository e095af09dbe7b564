/**
 * The regression gate (`--compare RUN_ID --fail-on-regression PCT`): a scenario regresses when its p50, p99
 * or throughput is worse than the stored run's by more than PCT percent *and* by more than the run-to-run
 * noise. Noise comes from time slices of each run (the spread of per-slice p50, p99 and throughput, as a 95%
 * half-width of their mean, both runs combined) — not from per-request spread, which made two runs of the
 * same code look "+120% ±0.01 ms" apart. Runs against another target or in another quick setting are not
 * comparable; a scenario whose load model changed is flagged and left out of the gate.
 */
import type { BenchResult, ScenarioResult, TimelinePoint } from './types.js';

export type Metric = 'p50' | 'p99' | 'throughput';

export interface RegressionLine {
  scenario: string;
  metric: Metric;
  base: number;
  now: number;
  /** Change in percent, positive = worse. */
  worse_pct: number;
  /** 95% half-width of the difference from time slices; null when either run has fewer than 3 full slices. */
  noise: number | null;
  regressed: boolean;
  note: string | null;
}

const MIN_SLICES = 3;

function sliceValues(slices: readonly TimelinePoint[] | undefined, metric: Metric): number[] {
  if (!slices || slices.length === 0) return [];
  const full = Math.max(...slices.map((x) => x.ms));
  // The last, partial slice would skew throughput: only slices of (nearly) full length count.
  const usable = slices.filter((x) => x.ms >= full * 0.9 && x.ms > 0);
  if (metric === 'throughput') return usable.map((x) => (x.requests * 1000) / x.ms);
  return usable.map((x) => x[metric]).filter((v): v is number => v !== null);
}

/** 95% half-width of the mean of per-slice values, or null with too few slices. */
export function sliceHalfWidth(slices: readonly TimelinePoint[] | undefined, metric: Metric): number | null {
  const v = sliceValues(slices, metric);
  if (v.length < MIN_SLICES) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
  return (1.96 * Math.sqrt(variance)) / Math.sqrt(v.length);
}

function value(s: ScenarioResult, metric: Metric): number {
  return metric === 'throughput' ? s.throughput : s.latency_ms[metric];
}

/** Why two runs cannot be compared at all (different target or quick setting), empty when they can. */
export function incomparable(base: Pick<BenchResult, 'target' | 'quick'>, next: { target_label: string; quick: boolean }): string[] {
  const out: string[] = [];
  if (base.target.label !== next.target_label)
    out.push(`the stored run measured ${base.target.label}, this one measures ${next.target_label}`);
  if (base.quick !== next.quick)
    out.push(`the stored run was ${base.quick ? '' : 'not '}in quick mode, this one is${next.quick ? '' : ' not'}`);
  return out;
}

export function regressionLines(base: BenchResult, next: BenchResult, pct: number): RegressionLine[] {
  const lines: RegressionLine[] = [];
  for (const n of next.scenarios) {
    const b = base.scenarios.find((s) => s.name === n.name);
    if (!b || b.status !== 'ok' || n.status !== 'ok' || b.type === 'push') continue;
    const mismatch = b.model !== n.model ? `load model changed (${b.model} → ${n.model}): not gated` : null;
    for (const metric of ['p50', 'p99', 'throughput'] as const) {
      const was = value(b, metric);
      const now = value(n, metric);
      const delta = metric === 'throughput' ? was - now : now - was;
      const worse = was > 0 ? (delta / was) * 100 : 0;
      const hb = sliceHalfWidth(b.noise_slices, metric);
      const hn = sliceHalfWidth(n.noise_slices, metric);
      const noise = hb === null || hn === null ? null : Math.hypot(hb, hn);
      const note = mismatch ?? (noise === null ? `fewer than ${MIN_SLICES} time slices in a run: noise unknown, not gated` : null);
      lines.push({
        scenario: n.name,
        metric,
        base: was,
        now,
        worse_pct: Math.round(worse * 10) / 10,
        noise: noise === null ? null : Math.round(noise * 1000) / 1000,
        regressed: note === null && noise !== null && worse > pct && delta > noise,
        note,
      });
    }
  }
  return lines;
}

export function renderRegressions(lines: readonly RegressionLine[], pct: number): string {
  const out = [`Regression gate (worse by > ${pct}% and beyond the noise of time slices):`];
  for (const l of lines) {
    const unit = l.metric === 'throughput' ? ' req/s' : ' ms';
    const verdict = l.regressed ? 'REGRESSED' : l.note ? `flagged: ${l.note}` : 'ok';
    out.push(
      `  ${l.scenario} ${l.metric}: ${l.base}${unit} → ${l.now}${unit} (${l.worse_pct >= 0 ? '+' : ''}${l.worse_pct}% worse, noise ±${l.noise ?? '?'}${unit}) ${verdict}`,
    );
  }
  return out.join('\n') + '\n';
}
