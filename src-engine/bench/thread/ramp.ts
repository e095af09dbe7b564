/**
 * Load stages: `stages: [{ duration_ms, users }]` (closed) or `[{ duration_ms, rate }]` (open), each ramped
 * linearly from the previous stage's value (the first from 0, as k6 does). Pure functions of time, used by the
 * load loop: how many users should be active at t, and when the n-th open-model request is intended.
 */
import type { Stage } from '../../core/bench/types.js';

interface Segment {
  start_ms: number;
  duration_ms: number;
  from: number;
  to: number;
}

function segments(stages: readonly Stage[], value: (s: Stage) => number): Segment[] {
  let start = 0;
  let prev = 0;
  return stages.map((s) => {
    const seg = { start_ms: start, duration_ms: s.duration_ms, from: prev, to: value(s) };
    start += s.duration_ms;
    prev = seg.to;
    return seg;
  });
}

/** The value (users or rate) at `t` ms after the start; the last stage's value after the end. */
function valueAt(stages: readonly Stage[], value: (s: Stage) => number, t: number): number {
  for (const g of segments(stages, value)) {
    if (t < g.start_ms + g.duration_ms) return g.from + ((g.to - g.from) * Math.max(0, t - g.start_ms)) / g.duration_ms;
  }
  return stages.length > 0 ? value(stages[stages.length - 1] as Stage) : 0;
}

/** Closed model: users that should be active at t (at least 1 while any stage asks for more than 0). */
export function usersAt(stages: readonly Stage[], t: number): number {
  return Math.max(0, Math.ceil(valueAt(stages, (s) => s.users ?? 0, t) - 1e-9));
}

/**
 * Open model: the intended send time (ms from the start) of the request that follows n earlier ones — where the
 * ramped rate's integral reaches n (so request 0 is due at 0, as without stages) — or null when the stages end
 * before it. Within a stage the rate is r(t) = a + b·t (req/ms), so a·t + b·t²/2 requests are due by t. The
 * segment index only moves forward, so the walk is O(1) per request.
 */
export class RateSchedule {
  private readonly segs: Segment[];
  private index = 0;
  private before = 0; // requests intended before the current segment

  constructor(stages: readonly Stage[]) {
    this.segs = segments(stages, (s) => (s.rate ?? 0) / 1000);
  }

  intendedAt(n: number): number | null {
    for (;;) {
      const g = this.segs[this.index];
      if (!g) return null;
      const inSeg = ((g.from + g.to) / 2) * g.duration_ms;
      const m = n - this.before;
      if (m <= 1e-12) return g.start_ms;
      if (m <= inSeg + 1e-9) {
        const a = g.from;
        const b = (g.to - g.from) / g.duration_ms;
        const t = Math.abs(b) < 1e-15 ? m / a : (-a + Math.sqrt(Math.max(0, a * a + 2 * b * m))) / b;
        return g.start_ms + Math.min(g.duration_ms, Math.max(0, t));
      }
      this.before += inSeg;
      this.index++;
    }
  }
}
