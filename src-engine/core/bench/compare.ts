/**
 * Comparing two runs scenario by scenario. Noise is estimated from time slices of each run when both have them
 * (the spread of per-slice p50s, a 95% half-width, both runs combined): requests under load are not independent
 * samples, and the per-request half-width of the mean (1.96 σ/√n) — used only for runs stored without slices —
 * understated it enough to call two runs of the same code "+120% ±0.01 ms slower". A delta counts as real only
 * when it exceeds the noise and is also above a 5% floor.
 */
import { sliceHalfWidth } from './regression.js';
import { meanHalfWidth95 } from './stats.js';
import type { BenchResult } from './types.js';

const RELATIVE_FLOOR = 0.05;

export interface ScenarioDelta {
  scenario: string;
  base_mean: number;
  new_mean: number;
  delta_ms: number;
  delta_pct: number | null;
  base_p50: number;
  new_p50: number;
  base_p99: number;
  new_p99: number;
  base_throughput: number;
  new_throughput: number;
  noise_ms: number;
  significant: boolean;
  direction: 'faster' | 'slower' | 'same';
  base_grade: string | null;
  new_grade: string | null;
}

export function compareRuns(base: BenchResult, next: BenchResult): ScenarioDelta[] {
  const out: ScenarioDelta[] = [];
  for (const n of next.scenarios) {
    const b = base.scenarios.find((s) => s.name === n.name);
    if (!b || b.status !== 'ok' || n.status !== 'ok') continue;
    const delta = n.latency_ms.mean - b.latency_ms.mean;
    const hb = sliceHalfWidth(b.noise_slices, 'p50');
    const hn = sliceHalfWidth(n.noise_slices, 'p50');
    const perRequest = Math.hypot(
      meanHalfWidth95(b.latency_ms.stddev, b.requests - b.error_total),
      meanHalfWidth95(n.latency_ms.stddev, n.requests - n.error_total),
    );
    const noise = hb !== null && hn !== null ? Math.max(Math.hypot(hb, hn), perRequest) : perRequest;
    const rel = b.latency_ms.mean > 0 ? delta / b.latency_ms.mean : null;
    const significant = Math.abs(delta) > noise && (rel === null || Math.abs(rel) > RELATIVE_FLOOR);
    out.push({
      scenario: n.name,
      base_mean: b.latency_ms.mean,
      new_mean: n.latency_ms.mean,
      delta_ms: Math.round(delta * 1000) / 1000,
      delta_pct: rel === null ? null : Math.round(rel * 1000) / 10,
      base_p50: b.latency_ms.p50,
      new_p50: n.latency_ms.p50,
      base_p99: b.latency_ms.p99,
      new_p99: n.latency_ms.p99,
      base_throughput: b.throughput,
      new_throughput: n.throughput,
      noise_ms: Number.isFinite(noise) ? Math.round(noise * 1000) / 1000 : noise,
      significant,
      direction: !significant ? 'same' : delta < 0 ? 'faster' : 'slower',
      base_grade: b.grade,
      new_grade: n.grade,
    });
  }
  return out;
}
