/**
 * How many generator threads an endpoint scenario needs, chosen up front from a short calibration run on one
 * thread (rather than by adding threads mid-run: a thread added mid-run would open its connections and warm its
 * JIT inside the measured window, and the run's figures would mix two load shapes). Pure: the runner measures,
 * this decides.
 */
import type { GeneratorsUsed, LoadModel } from './types.js';

/** Below this open-model rate one thread always holds the load (a JS generator carries well over 10k req/s on loopback). */
const CALIBRATE_FROM_RATE = 2000;
/** From this many closed-model users a single event loop may be the limit. */
const CALIBRATE_FROM_USERS = 64;
/** Length of the calibration run: long enough for a steady rate, short beside a measured phase. */
export const CALIBRATION_MS = 400;
/** A generator busy this share of the time is the limit, whatever else the run shows. */
const BUSY = 0.8;
/** A generator that sent this share of its requests late while a connection was free is the limit. */
const LATE_SHARE = 0.1;
/** Open model: a calibration that reached this share of the target rate needs no second thread. */
const HELD = 0.95;
/** Headroom asked of each thread when the count is derived from one thread's rate. */
const HEADROOM = 1.1;

export type Calibration = NonNullable<GeneratorsUsed['calibration']>;

/**
 * Whether a scenario is heavy enough to calibrate: a high open-model rate or many closed-model users. A per-thread
 * rate cap (a deterministic stand-in for a slow generator, used by tests) lowers the bar to the cap.
 */
export function needsCalibration(model: LoadModel, rateCap?: number): boolean {
  if ((model.stages?.length ?? 0) > 0 || model.users < 2) return false;
  if (model.type === 'open') return model.rate >= Math.min(CALIBRATE_FROM_RATE, rateCap ?? Infinity);
  return model.users >= CALIBRATE_FROM_USERS;
}

/** The thread count (1..max) for a calibrated scenario, and why, in words a report can print. */
export function chooseThreads(cal: Calibration, model: LoadModel, max: number): { threads: number; reason: string } {
  const limit = Math.max(1, Math.min(max, model.users));
  const busyPct = Math.round(cal.busy * 100);
  const latePct = Math.round(cal.sent_late_share * 100);
  const generatorBound = cal.busy >= BUSY || cal.sent_late_share >= LATE_SHARE;
  if (model.type === 'open') {
    const target = model.rate;
    if (cal.achieved_rate >= target * HELD && cal.busy < BUSY)
      return { threads: 1, reason: `one thread held ${Math.round(cal.achieved_rate)} of ${target} req/s (busy ${busyPct}%)` };
    if (!generatorBound)
      return {
        threads: 1,
        reason: `one thread reached ${Math.round(cal.achieved_rate)} of ${target} req/s but was not the limit (busy ${busyPct}%, ${latePct}% sent late): the server or the connections are`,
      };
    const perThread = Math.max(1, cal.achieved_rate);
    const threads = Math.max(2, Math.min(limit, Math.ceil((target * HEADROOM) / perThread)));
    return {
      threads: Math.min(threads, limit),
      reason: `one thread reached ${Math.round(cal.achieved_rate)} of ${target} req/s, busy ${busyPct}%, ${latePct}% sent late with a connection free: ${Math.min(threads, limit)} threads${threads > limit || limit < 2 ? ` (capped at ${limit})` : ''}`,
    };
  }
  if (!generatorBound) return { threads: 1, reason: `one thread carried ${model.users} users, busy ${busyPct}%` };
  return {
    threads: limit,
    reason: `one thread carrying ${model.users} users was busy ${busyPct}% of the time: ${limit} thread${limit === 1 ? '' : 's'} (the cores available)`,
  };
}
