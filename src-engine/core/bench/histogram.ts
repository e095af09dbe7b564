/**
 * Latency histograms: HDR, microsecond resolution, 3 significant digits (±0.1% of a value). Histograms cross
 * thread/process boundaries as HDR's compressed base64 encoding, so results from several generators merge
 * exactly (the same counts as one histogram fed with every value). The pure JS build is used (no wasm) so this
 * module runs in the renderer, a worker and the CLI alike.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { HistogramBucket, LatencyMs } from './types.js';

export type { Histogram };

/** 1 µs … 1 hour. Values above are clamped (a request longer than an hour is a timeout anyway). */
const HIGHEST_US = 3_600_000_000;

export function createHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Record one latency given in milliseconds (fractional). */
export function recordMs(h: Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(Math.min(HIGHEST_US, Math.max(1, us)));
}

export function encodeHistogram(h: Histogram): string {
  return encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): Histogram {
  const h = createHistogram();
  if (encoded !== '') h.add(decodeFromCompressedBase64(encoded, 32, false));
  return h;
}

/** Merge serialised histograms into one (the order does not matter). */
export function mergeEncoded(encoded: readonly string[]): Histogram {
  const h = createHistogram();
  for (const e of encoded) if (e !== '') h.add(decodeFromCompressedBase64(e, 32, false));
  return h;
}

const ZERO: LatencyMs = { min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };

const us2ms = (us: number) => Math.round(us) / 1000;

interface EquivalentValues {
  lowestEquivalentValue(v: number): number;
  highestEquivalentValue(v: number): number;
}

/**
 * The distribution in milliseconds, rounded to the histogram's microsecond resolution. Min and max are
 * reported as their bucket's bounds (as the percentiles are), so a histogram and the merge of its parts
 * report identical figures.
 */
export function latencyMs(h: Histogram): LatencyMs {
  if (h.totalCount === 0) return { ...ZERO };
  const eq = h as unknown as EquivalentValues;
  return {
    min: us2ms(eq.lowestEquivalentValue(h.minNonZeroValue)),
    mean: us2ms(h.mean),
    stddev: us2ms(h.stdDeviation),
    p50: us2ms(h.getValueAtPercentile(50)),
    p90: us2ms(h.getValueAtPercentile(90)),
    p95: us2ms(h.getValueAtPercentile(95)),
    p99: us2ms(h.getValueAtPercentile(99)),
    p999: us2ms(h.getValueAtPercentile(99.9)),
    max: us2ms(eq.highestEquivalentValue(h.maxValue)),
  };
}

interface IterationValue {
  valueIteratedTo: number;
  countAddedInThisIterationStep: number;
}
interface IterableHistogram {
  recordedValuesIterator: { reset(): void; hasNext(): boolean; next(): IterationValue };
}

/**
 * Chart buckets on a log scale (`perDecade` buckets per factor of 10) from the recorded values; empty buckets
 * between the first and last are kept so a chart's x axis is continuous.
 */
export function histogramBuckets(h: Histogram, perDecade = 10): HistogramBucket[] {
  if (h.totalCount === 0) return [];
  const it = (h as unknown as IterableHistogram).recordedValuesIterator;
  const step = 1 / perDecade;
  const indexOf = (us: number) => Math.floor(Math.log10(Math.max(1, us)) / step);
  const lo = indexOf(h.minNonZeroValue);
  const hi = indexOf(h.maxValue);
  const counts = new Array<number>(hi - lo + 1).fill(0);
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    const i = Math.min(hi, Math.max(lo, indexOf(v.valueIteratedTo))) - lo;
    counts[i] = (counts[i] ?? 0) + v.countAddedInThisIterationStep;
  }
  return counts.map((count, i) => ({
    from_ms: us2ms(10 ** ((lo + i) * step)),
    to_ms: us2ms(10 ** ((lo + i + 1) * step)),
    count,
  }));
}
