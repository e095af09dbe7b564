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
 * A scripted scenario calibrates from lower loads: undici, body reads, JSON parses, template fills and checks cost
 * more generator CPU per request than the raw client. Measured 2026-11-30 on the 2-core dev machine (load ~3, one
 * generator, runJob against a loopback server in another process, 0.5 s warm-up + 2 s): a login → GET flow (JSON
 * body, extract, a pointer check, ~1 KB answers) cost 37–49 µs of generator CPU per request, busy 72–78%, at
 * 12–17k req/s; the raw client 14–17 µs, busy 28–36%, at 20–31k req/s; a bare one-step script 19–25 µs. About
 * 2.6–2.9× for a real flow, so the bars sit near a third of the raw client's: 700 requests/s (arrivals × steps)
 * open, 24 closed users.
 */
const SCRIPT_CALIBRATE_FROM_RATE = 700;
const SCRIPT_CALIBRATE_FROM_USERS = 24;

/**
 * The flat model at a staged scenario's heaviest moment (its largest users, or its largest rate), so a staged
 * scenario is calibrated, and its threads chosen, for its peak rather than for the ramp's quiet start. A model
 * without stages is its own peak.
 */
export function peakModel(model: LoadModel): LoadModel {
  const stages = model.stages ?? [];
  if (stages.length === 0) return model;
  if (model.type === 'open') return { type: 'open', rate: Math.max(...stages.map((s) => s.rate ?? 0)), users: model.users };
  const users = Math.max(1, ...stages.map((s) => s.users ?? 0));
  return { type: 'closed', users, ...(model.max_rate !== undefined ? { max_rate: model.max_rate } : {}) };
}

/** What is being calibrated: a single request per send (the raw client), or a script of `steps` requests per arrival. */
export interface CalibrationLoad {
  /** Sends per second each generator may make at most (tests' stand-in for a slow generator); lowers the bar to it. */
  rateCap?: number;
  /** Set for a scripted scenario: requests per iteration (its open rate counts iterations). */
  scriptSteps?: number;
}

/**
 * Whether a scenario is heavy enough to calibrate, judged at its peak: a high open-model rate or many closed-model
 * users (lower bars for a scripted scenario, whose open rate is of iterations of `scriptSteps` requests each). A
 * per-thread rate cap (a deterministic stand-in for a slow generator, used by tests) lowers the bar to the cap.
 */
export function needsCalibration(model: LoadModel, load: CalibrationLoad = {}): boolean {
  const peak = peakModel(model);
  if (peak.users < 2) return false;
  const scripted = load.scriptSteps !== undefined;
  if (peak.type === 'open') {
    const sends = peak.rate * (load.scriptSteps ?? 1);
    return sends >= Math.min(scripted ? SCRIPT_CALIBRATE_FROM_RATE : CALIBRATE_FROM_RATE, load.rateCap ?? Infinity);
  }
  return peak.users >= (scripted ? SCRIPT_CALIBRATE_FROM_USERS : CALIBRATE_FROM_USERS);
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

/**
 * A model shared out over n generators, one model each, or null when it cannot be (fewer users than generators at
 * the peak). Users (connections) are shared so they add up exactly; rates, a closed model's pace and every open
 * stage's rate are divided by n; every closed stage's users are shared so that at each stage's end the parts add up
 * exactly to the stage's value. A stage asking for fewer users than generators gives the last ones 0 (they are
 * parked for it: a ramp from 1 user starts on the first generator only). Between stage ends each generator ramps
 * its own share and rounds up (`usersAt`), so mid-ramp the generators together may run up to one user each more
 * than one generator would (never fewer); at every stage end the totals are exact.
 */
export function splitModel(model: LoadModel, n: number): LoadModel[] | null {
  if (n <= 1) return [model];
  if (peakModel(model).users < n || model.users < n) return null;
  const users = shares(model.users, n);
  const stageUsers = (model.stages ?? []).map((st) => (st.users !== undefined ? shares(st.users, n) : null));
  return users.map((u, i) => {
    const stages = model.stages?.map((st, k) => {
      const su = stageUsers[k];
      return su ? { duration_ms: st.duration_ms, users: su[i] ?? 0 } : { duration_ms: st.duration_ms, rate: (st.rate ?? 0) / n };
    });
    const withStages = stages && stages.length > 0 ? { stages } : {};
    if (model.type === 'open') return { type: 'open', rate: model.rate / n, users: u, ...withStages };
    // A closed staged part opens as many connections as its own largest stage.
    const own = stages && stages.length > 0 ? Math.max(...stages.map((st) => st.users ?? 0)) : u;
    return { type: 'closed', users: own, ...(model.max_rate !== undefined ? { max_rate: model.max_rate / n } : {}), ...withStages };
  });
}

/** n shares of total that add up to it exactly (the first ones one larger). */
export function shares(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total - base * n ? 1 : 0));
}

/**
 * Open model: how many arrivals one generator schedules in `duration_ms` — those intended strictly before the end
 * (request 0 at 0; stages ramp linearly from the previous stage, the first from 0). The integral of the rate,
 * rounded up; a hair below an integer counts as it (the schedule's own float error). Null for the closed model.
 */
export function arrivalsDue(model: LoadModel, duration_ms: number): number | null {
  if (model.type !== 'open') return null;
  const stages = model.stages ?? [];
  let due = 0;
  if (stages.length === 0) due = (model.rate * duration_ms) / 1000;
  else {
    let start = 0;
    let prev = 0;
    for (const st of stages) {
      const to = st.rate ?? 0;
      const span = Math.max(0, Math.min(st.duration_ms, duration_ms - start));
      // Linear from prev to `to` over the stage; only its first `span` ms count.
      const at = st.duration_ms > 0 ? prev + ((to - prev) * span) / st.duration_ms : to;
      due += (((prev + at) / 2) * span) / 1000;
      start += st.duration_ms;
      prev = to;
      if (start >= duration_ms) break;
    }
  }
  return Math.max(0, Math.ceil(due - 1e-6));
}
