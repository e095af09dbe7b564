/**
 * Service-level grading beside the seed scale: a scenario's `slo` (p95, p99, error rate, Apdex) checked
 * against what was measured. Pure; the histogram arrives serialised. Apdex counts every failed request as
 * frustrated, so a fast endpoint that mostly fails cannot score well.
 */
import { decodeHistogram } from './histogram.js';
import type { ScenarioResult, Slo, SloResult } from './types.js';

const DEFAULT_MIN_APDEX = 0.85;

interface Iter {
  recordedValuesIterator: { reset(): void; hasNext(): boolean; next(): { valueIteratedTo: number; countAddedInThisIterationStep: number } };
}

/** Apdex_T = (satisfied + tolerating / 2) / all requests; failures are frustrated. Null with no requests. */
function apdex(histogram: string, requests: number, tMs: number): number | null {
  if (requests <= 0) return null;
  const h = decodeHistogram(histogram);
  const t = tMs * 1000;
  let satisfied = 0;
  let tolerating = 0;
  const it = (h as unknown as Iter).recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    if (v.valueIteratedTo <= t) satisfied += v.countAddedInThisIterationStep;
    else if (v.valueIteratedTo <= 4 * t) tolerating += v.countAddedInThisIterationStep;
  }
  return Math.round(((satisfied + tolerating / 2) / requests) * 1000) / 1000;
}

export function checkSlo(s: ScenarioResult, slo: Slo): SloResult {
  const lines: SloResult['lines'] = [];
  const ran = s.status === 'ok' && s.requests > 0;
  const add = (limit: string, expected: string, actual: string, pass: boolean) =>
    lines.push({ limit, expected, actual, pass: ran && pass });
  const L = s.latency_ms;
  const none = (s.samples ?? s.requests - s.error_total) === 0;
  if (slo.p95_ms !== undefined) add('p95', `≤ ${slo.p95_ms} ms`, none ? 'no samples' : `${L.p95} ms`, !none && L.p95 <= slo.p95_ms);
  if (slo.p99_ms !== undefined) add('p99', `≤ ${slo.p99_ms} ms`, none ? 'no samples' : `${L.p99} ms`, !none && L.p99 <= slo.p99_ms);
  const errorRate = s.requests > 0 ? Math.round((s.error_total / s.requests) * 10000) / 100 : 100;
  if (slo.error_rate_pct !== undefined) add('error rate', `≤ ${slo.error_rate_pct}%`, `${errorRate}%`, errorRate <= slo.error_rate_pct);
  let score: number | null = null;
  if (slo.apdex_t_ms !== undefined) {
    score = apdex(s.histogram, s.requests, slo.apdex_t_ms);
    const min = slo.min_apdex ?? DEFAULT_MIN_APDEX;
    add(`apdex (T ${slo.apdex_t_ms} ms)`, `≥ ${min}`, score === null ? 'no requests' : String(score), score !== null && score >= min);
  }
  if (!ran)
    lines.push({ limit: 'ran', expected: 'completed with requests', actual: s.status === 'ok' ? 'no requests' : s.status, pass: false });
  return { pass: lines.every((l) => l.pass), apdex: score, lines };
}
