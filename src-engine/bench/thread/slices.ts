/**
 * Time slices of one load phase, in the generator: per slice the requests, errors and the p50/p99 of its
 * successful requests. One slicer gives the report's per-second `timeline[]`; a finer one gives the samples
 * from which a comparison estimates run-to-run noise (the spread between slices, not between requests, which
 * are not independent under load).
 */
import { createHistogram, LatencyRecorder } from '../../core/bench/histogram.js';
import type { TimelinePoint } from '../../core/bench/types.js';

export class Slicer {
  private readonly points: TimelinePoint[] = [];
  private readonly rec = new LatencyRecorder();
  /** Where a slice's counts are read back as HDR percentiles (one per slicer, reused). */
  private readonly scratch = createHistogram();
  private index = 0;
  private nextAt: number;
  private requests = 0;
  private errors = 0;

  constructor(
    t0: number,
    private readonly sliceMs: number,
  ) {
    this.nextAt = t0 + sliceMs;
  }

  record(now: number, latencyMs: number | null): void {
    if (now >= this.nextAt) this.roll(now);
    this.requests++;
    if (latencyMs === null) this.errors++;
    else this.rec.recordMs(latencyMs);
  }

  private push(ms: number): void {
    const h = this.rec.count > 0 ? this.rec.histogram(this.scratch) : this.scratch;
    const q = (p: number) => (h.totalCount === 0 ? null : Math.round(h.getValueAtPercentile(p)) / 1000);
    this.points.push({
      t: Math.round((this.index * this.sliceMs) / 10) / 100,
      ms: Math.round(ms),
      requests: this.requests,
      errors: this.errors,
      p50: q(50),
      p99: q(99),
    });
    this.rec.reset();
    this.requests = 0;
    this.errors = 0;
  }

  private roll(now: number): void {
    while (now >= this.nextAt) {
      this.push(this.sliceMs);
      this.index++;
      this.nextAt += this.sliceMs;
    }
  }

  /** Every slice up to `end`; the last, partial one carries its own length in `ms`. */
  finish(end: number): TimelinePoint[] {
    this.roll(end);
    const partial = end - (this.nextAt - this.sliceMs);
    if (this.requests > 0 || partial > 0.5) this.push(Math.max(0, partial));
    return this.points;
  }
}

/** Noise slices: 100 ms up to a 10 s phase, a hundredth of the phase beyond. */
export function noiseSliceMs(durationMs: number): number {
  return durationMs <= 10_000 ? 100 : Math.ceil(durationMs / 100);
}
