import { describe, expect, it } from 'vitest';
import {
  countsIndex,
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  histogramBuckets,
  latencyMs,
  LatencyRecorder,
  mergeEncoded,
  recordMs,
} from '../../src-engine/core/bench/histogram.js';
import { mergeConcurrentRuns, runStats } from '../../src-engine/core/bench/stats.js';
import type { RawRun } from '../../src-engine/core/bench/types.js';

/** HDR with 3 significant digits: any reported value is within 0.1% (plus the 1 µs unit) of the true one. */
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.001 + 0.002);

describe('latency statistics from an HDR histogram (µs resolution)', () => {
  it('a constant latency gives that value everywhere and no spread', () => {
    const h = createHistogram();
    for (let i = 0; i < 1000; i++) recordMs(h, 12.5);
    const L = latencyMs(h);
    for (const v of [L.min, L.mean, L.p50, L.p90, L.p95, L.p99, L.p999, L.max]) close(v, 12.5);
    expect(L.stddev).toBeLessThan(0.01);
  });

  it('uniform 1..100 ms: percentiles, mean and stddev match the closed forms', () => {
    const h = createHistogram();
    // 1.000, 1.001, … 100.000 ms: 99,001 evenly spaced values.
    for (let us = 1000; us <= 100_000; us++) recordMs(h, us / 1000);
    const L = latencyMs(h);
    close(L.min, 1);
    close(L.max, 100);
    close(L.mean, 50.5);
    close(L.p50, 50.5);
    close(L.p90, 90.1);
    close(L.p99, 99.01);
    close(L.p999, 99.901);
    // Standard deviation of a continuous uniform on [1, 100]: 99 / √12.
    expect(Math.abs(L.stddev - 99 / Math.sqrt(12))).toBeLessThan(0.05);
  });

  it('bimodal (90% at 2 ms, 10% at 300 ms): the median is the fast mode and p95 the slow one', () => {
    const h = createHistogram();
    for (let i = 0; i < 900; i++) recordMs(h, 2);
    for (let i = 0; i < 100; i++) recordMs(h, 300);
    const L = latencyMs(h);
    close(L.p50, 2);
    close(L.p90, 2);
    close(L.p95, 300);
    close(L.mean, 0.9 * 2 + 0.1 * 300);
    // σ of a two-point distribution: |a − b| √(p(1 − p)).
    expect(Math.abs(L.stddev - 298 * Math.sqrt(0.09))).toBeLessThan(0.2);
    const buckets = histogramBuckets(h);
    expect(buckets.reduce((s, b) => s + b.count, 0)).toBe(1000);
    expect(buckets.find((b) => b.from_ms <= 2 && 2 < b.to_ms)?.count).toBe(900);
  });

  it('merging two serialised histograms equals one histogram fed with both', () => {
    const a = createHistogram();
    const b = createHistogram();
    const both = createHistogram();
    for (let i = 1; i <= 5000; i++) {
      const x = ((i * 7919) % 10_000) / 37 + 0.2;
      recordMs(i % 3 === 0 ? a : b, x);
      recordMs(both, x);
    }
    const merged = mergeEncoded([encodeHistogram(a), encodeHistogram(b)]);
    expect(merged.totalCount).toBe(5000);
    expect(latencyMs(merged)).toEqual(latencyMs(both));
    expect(encodeHistogram(merged)).toEqual(encodeHistogram(both));
    expect(latencyMs(decodeHistogram(encodeHistogram(both)))).toEqual(latencyMs(both));
  });
});

describe('run figures', () => {
  const raw = (requests: number, window_ms: number, values: number[], errors = { status: 0, timeout: 0, connection: 0 }): RawRun => {
    const h = createHistogram();
    for (const v of values) recordMs(h, v);
    return {
      requests,
      errors,
      statuses: { '200': values.length },
      bytes_received: values.length * 10,
      window_ms,
      histogram: encodeHistogram(h),
      aborted: false,
      queued_late: 0,
    };
  };

  it('throughput is requests over the measured window; success rate counts every error kind', () => {
    const st = runStats(raw(200, 500, Array(190).fill(5), { status: 4, timeout: 3, connection: 3 }));
    expect(st.throughput).toBe(400);
    expect(st.success_rate).toBe(95);
    expect(st.error_total).toBe(10);
  });

  it('runs that happened side by side merge: counts add, the window is the longest', () => {
    const m = mergeConcurrentRuns([raw(100, 1000, Array(100).fill(1)), raw(300, 800, Array(300).fill(3))]);
    expect(m.requests).toBe(400);
    expect(m.window_ms).toBe(1000);
    const st = runStats(m);
    expect(st.throughput).toBe(400);
    close(st.latency_ms.mean, 2.5);
  });
});

describe('LatencyRecorder: the load loop keeps HDR counts with integer indexing', () => {
  it('puts every value in the index HDR itself uses', () => {
    const h = createHistogram() as unknown as { countsArrayIndex(v: number): number };
    const values = [
      1,
      2,
      1023,
      1024,
      1025,
      2047,
      2048,
      2049,
      4095,
      4096,
      4097,
      123_456,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 31 + 1,
      3_599_999_999,
      3_600_000_000,
    ];
    for (let k = 0; k < 32; k++) values.push(2 ** k, 2 ** k + 1, Math.max(1, 2 ** k - 1));
    for (let v = 1; v < 10_000_000; v = Math.ceil(v * 1.01) + 1) values.push(v);
    for (const v of values.filter((x) => x <= 3_600_000_000)) expect([v, countsIndex(v)]).toEqual([v, h.countsArrayIndex(v)]);
  });

  it('reports exactly what direct recording reports, after a reset too', () => {
    const direct = createHistogram();
    const rec = new LatencyRecorder();
    rec.recordMs(99);
    rec.reset();
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 48271) % 2147483647;
      const ms = (x % 1_000_000) / 997 + (i % 50 === 0 ? 4000 : 0);
      recordMs(direct, ms);
      rec.recordMs(ms);
    }
    recordMs(direct, 0);
    rec.recordMs(0);
    recordMs(direct, 1e10);
    rec.recordMs(1e10);
    expect(rec.count).toBe(direct.totalCount);
    expect(latencyMs(rec.histogram())).toEqual(latencyMs(direct));
    expect(encodeHistogram(rec.histogram())).toBe(encodeHistogram(direct));
  });
});
