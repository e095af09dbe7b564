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

/** HDR's layout for 3 significant digits and a 1 µs unit: 2,000 values at unit resolution need 2^11 sub-buckets. */
const SUB_BUCKET_HALF_MAGNITUDE = 10;
const SUB_BUCKET_HALF = 1 << SUB_BUCKET_HALF_MAGNITUDE;

/** The index HDR gives an integer value in [1, HIGHEST_US] (< 2^32), from integer operations only. */
export function countsIndex(us: number): number {
  const bucket = Math.max(0, 31 - Math.clz32(us) - SUB_BUCKET_HALF_MAGNITUDE);
  return bucket * SUB_BUCKET_HALF + (us >>> bucket);
}

const COUNTS_LENGTH = countsIndex(HIGHEST_US) + 1;

/** The lowest value HDR stores at `index` (recording it lands in the same index). */
function valueAtIndex(index: number): number {
  const bucket = (index >> SUB_BUCKET_HALF_MAGNITUDE) - 1;
  const sub = (index & (SUB_BUCKET_HALF - 1)) + SUB_BUCKET_HALF;
  return bucket < 0 ? sub - SUB_BUCKET_HALF : sub * 2 ** bucket;
}

/**
 * The load loop's recorder: counts in HDR's own layout, the index computed with integer operations. The JS
 * build of hdr-histogram-js takes two Math.pow and a Math.log2 per value, the largest item of the generator's
 * own CPU after the response parse, and the loop records every answer up to four times. `histogram()` gives
 * the HDR histogram holding exactly the counts direct recording would have given (min and max are reported as
 * their bucket's bounds by `latencyMs`, so they agree too).
 */
export class LatencyRecorder {
  // 32-bit counts, as the HDR histograms it hands over (4 billion answers in one bucket is beyond any run).
  private readonly counts = new Uint32Array(COUNTS_LENGTH);
  private lo = COUNTS_LENGTH;
  private hi = -1;
  count = 0;

  recordMs(ms: number): void {
    const us = Math.round(ms * 1000);
    const i = countsIndex(us < 1 ? 1 : us > HIGHEST_US ? HIGHEST_US : us);
    this.counts[i] = (this.counts[i] as number) + 1;
    if (i < this.lo) this.lo = i;
    if (i > this.hi) this.hi = i;
    this.count++;
  }

  /** What was recorded, into `into` (cleared first) or a new histogram. */
  histogram(into: Histogram = createHistogram()): Histogram {
    into.reset();
    for (let i = this.lo; i <= this.hi; i++) {
      const n = this.counts[i] as number;
      if (n > 0) into.recordValueWithCount(valueAtIndex(i), n);
    }
    return into;
  }

  reset(): void {
    if (this.hi >= this.lo) this.counts.fill(0, this.lo, this.hi + 1);
    this.lo = COUNTS_LENGTH;
    this.hi = -1;
    this.count = 0;
  }
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
