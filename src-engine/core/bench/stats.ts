/**
 * From raw generator counts to the figures a report shows. Pure: the histogram arrives serialised.
 */
import { createHistogram, decodeHistogram, encodeHistogram, histogramBuckets, latencyMs, mergeEncoded, recordMs } from './histogram.js';
import type { ErrorCounts, LatencyMs, RawRun, RunStats } from './types.js';

const errorTotal = (e: ErrorCounts): number => e.status + e.timeout + e.connection;

/**
 * Merge runs that happened at the same time on several generators (threads/processes): counts add, histograms
 * merge, and the measured window is the longest one (they ran side by side, not one after another).
 */
export function mergeConcurrentRuns(runs: readonly RawRun[]): RawRun {
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return {
    requests: runs.reduce((s, r) => s + r.requests, 0),
    errors: {
      status: runs.reduce((s, r) => s + r.errors.status, 0),
      timeout: runs.reduce((s, r) => s + r.errors.timeout, 0),
      connection: runs.reduce((s, r) => s + r.errors.connection, 0),
    },
    statuses,
    bytes_received: runs.reduce((s, r) => s + r.bytes_received, 0),
    window_ms: runs.reduce((m, r) => Math.max(m, r.window_ms), 0),
    histogram: encodeHistogram(mergeEncoded(runs.map((r) => r.histogram))),
    failed_histogram: encodeHistogram(mergeEncoded(runs.map((r) => r.failed_histogram ?? ''))),
    generator_busy: runs.reduce((m, r) => Math.max(m, r.generator_busy ?? 0), 0),
    generator_lag_p99_ms: runs.reduce((m, r) => Math.max(m, r.generator_lag_p99_ms ?? 0), 0),
    ...(runs.every((r) => r.generator_cpu_ms !== undefined)
      ? { generator_cpu_ms: runs.reduce((n, r) => n + (r.generator_cpu_ms ?? 0), 0) }
      : {}),
    dropped: runs.reduce((n, r) => n + (r.dropped ?? 0), 0),
    unfinished: runs.reduce((n, r) => n + (r.unfinished ?? 0), 0),
    connect_failures: runs.reduce((n, r) => n + (r.connect_failures ?? 0), 0),
    aborted: runs.some((r) => r.aborted),
    queued_late: runs.reduce((s, r) => s + r.queued_late, 0),
    sent_late: runs.reduce((s, r) => s + (r.sent_late ?? 0), 0),
  };
}

/** Success rate in percent (0–100) and throughput in requests per second over the measured window. */
/** Fewest successful samples a percentile is quoted from without a mark (a p99 from 5 samples is the max). */
const PERCENTILE_MIN_SAMPLES: Readonly<Record<string, number>> = { p90: 10, p95: 20, p99: 100, p999: 1000 };

function shortPercentiles(samples: number): string[] {
  return Object.entries(PERCENTILE_MIN_SAMPLES)
    .filter(([, n]) => samples < n)
    .map(([p]) => p);
}

export function runStats(raw: RawRun): RunStats {
  const h = decodeHistogram(raw.histogram);
  const errs = errorTotal(raw.errors);
  const ok = raw.requests - errs;
  const failed = raw.failed_histogram ? decodeHistogram(raw.failed_histogram) : null;
  return {
    requests: raw.requests,
    errors: { ...raw.errors },
    error_total: errs,
    statuses: { ...raw.statuses },
    success_rate: raw.requests === 0 ? 0 : round((ok / raw.requests) * 100, 2),
    throughput: raw.window_ms <= 0 ? 0 : round((raw.requests / raw.window_ms) * 1000, 1),
    bytes_received: raw.bytes_received,
    window_ms: round(raw.window_ms, 1),
    latency_ms: latencyMs(h),
    histogram: raw.histogram,
    buckets: histogramBuckets(h),
    queued_late: raw.queued_late,
    ...(raw.sent_late !== undefined ? { sent_late: raw.sent_late } : {}),
    samples: h.totalCount,
    short_percentiles: shortPercentiles(h.totalCount),
    failed_latency_ms: failed && failed.totalCount > 0 ? latencyMs(failed) : null,
    generator_busy: raw.generator_busy ?? null,
    generator_lag_p99_ms: raw.generator_lag_p99_ms ?? null,
    ...(raw.generator_cpu_ms !== undefined ? { generator_cpu_ms: raw.generator_cpu_ms } : {}),
    dropped: raw.dropped ?? 0,
    unfinished: raw.unfinished ?? 0,
    connect_failures: raw.connect_failures ?? 0,
    ...(raw.timeline ? { timeline: raw.timeline } : {}),
    ...(raw.noise_slices ? { noise_slices: raw.noise_slices } : {}),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * 95% confidence half-width of the mean (ms): 1.96 × stddev / √n. Used as the run-to-run noise estimate when
 * comparing runs. It assumes independent samples, which understates noise under load (requests queue behind
 * each other), so comparisons also require the change to exceed a 5% floor.
 */
export function meanHalfWidth95(stddevMs: number, n: number): number {
  return n > 1 ? (1.96 * stddevMs) / Math.sqrt(n) : Number.POSITIVE_INFINITY;
}

/**
 * The latency figures (ms) of raw samples taken outside the generator (a script's own timed requests, live
 * deliveries), through the same HDR histogram as a run's, so they read like every other latency Kira reports.
 */
export function sampleLatency(samplesMs: readonly number[]): LatencyMs {
  const h = createHistogram();
  for (const ms of samplesMs) recordMs(h, ms);
  return latencyMs(h);
}

/**
 * Nearest-rank percentile (0–100) of a few plain values (repeated run times, memory samples): the smallest value
 * with at least p% of them at or below it. NaN when there are none.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The arithmetic mean of plain values (the runs of an A-B-B-A pair, repeated rounds); NaN for none. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}
