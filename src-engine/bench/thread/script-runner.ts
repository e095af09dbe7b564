/**
 * Scripted scenarios in the generator: every virtual user runs the steps in order, again and again until the
 * bounds are reached. `{{var}}` in a step's path, header values and body comes from values extracted from earlier
 * answers (JSON pointers) and from the iteration's data row. Checks on status, headers, a JSON pointer or the body
 * count failures like errors. Steps read bodies, so they go through undici (the raw client stays body-free and
 * allocation-free for plain endpoint scenarios).
 *
 * Closed model: each user starts its next iteration when its last one ended (stages: user i runs while the ramp
 * asks for more than i users). Open model: iterations *arrive* at the rate (or the stages' ramped rate); each
 * arrival takes an idle user (one connection) and runs one pass through the steps; the first step's latency runs
 * from the arrival's intended time (coordinated omission, as for single requests). Arrivals still waiting for a
 * user at the deadline are dropped, like the load loop's dropped requests.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Client } from 'undici';
import { encodeHistogram, LatencyRecorder } from '../../core/bench/histogram.js';
import { emptyRawRun, type Bounds, type Check, type RawRun, type ScriptStep } from '../../core/bench/types.js';
import { openClient, sendAsync, type Answer } from './http-client.js';
import { cpuMs } from './cpu-clock.js';
import type { GeneratorProgress, ScriptJob, ScriptOutcome } from './jobs.js';
import { RateSchedule, usersAt } from './ramp.js';

const TEMPLATE = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

export function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(TEMPLATE, (all, name: string) => (name === 'today' ? new Date().toISOString().slice(0, 10) : (vars[name] ?? all)));
}

/** RFC 6901 JSON pointer ("" is the whole value). */
export function pointer(value: unknown, ptr: string): unknown {
  if (ptr === '') return value;
  let cur: unknown = value;
  for (const raw of ptr.replace(/^\//, '').split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const parseJson = (text: string | undefined): unknown => {
  try {
    return text === undefined || text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Whether an answer passes one check. */
function passes(check: Check, answer: Answer, json: () => unknown): boolean {
  if ('status' in check) return answer.status === check.status;
  if ('header' in check) return new RegExp(check.matches, 'i').test(answer.headers?.[check.header.toLowerCase()] ?? '');
  if ('body_matches' in check) return new RegExp(check.body_matches).test(answer.body ?? '');
  return JSON.stringify(pointer(json(), check.pointer)) === JSON.stringify(check.equals);
}

interface Tally {
  run: RawRun;
  hist: LatencyRecorder;
  failed: LatencyRecorder;
}

const tally = (): Tally => ({ run: emptyRawRun(), hist: new LatencyRecorder(), failed: new LatencyRecorder() });

function close(t: Tally, window_ms: number, aborted: boolean): RawRun {
  return {
    ...t.run,
    window_ms,
    aborted,
    histogram: encodeHistogram(t.hist.histogram()),
    failed_histogram: encodeHistogram(t.failed.histogram()),
  };
}

/** How often parked closed-model users look at the ramp again. */
const RAMP_TICK_MS = 25;
/** Open model: an arrival that starts this much after its intended time with a user idle was held by the generator (as load-loop.ts). */
const LATE_MS = 10;
/** Open model: how long after its deadline a phase waits for iterations in flight (a share of the duration, ≤ the timeout). */
const END_GRACE_SHARE = 0.03;

/** One phase's figures: every step together, per tag, failed checks and iteration counts. */
interface PhaseOut {
  all: RawRun;
  by_tag: Record<string, RawRun>;
  check_failures: number;
  iterations: { scheduled: number; started: number; completed: number; dropped: number };
}

interface PhaseInput {
  job: ScriptJob;
  clients: Client[];
  bounds: Bounds;
  phase: GeneratorProgress['phase'];
  signal: AbortSignal;
  onProgress: (p: GeneratorProgress) => void;
  /** Data rows are shared out over both phases in order. */
  rowCursor: { next: number };
}

async function runScriptPhase(input: PhaseInput): Promise<PhaseOut> {
  const { job, clients, bounds, signal } = input;
  const model = job.model;
  const all = tally();
  const tags = new Map<string, Tally>();
  const iterations = { scheduled: 0, started: 0, completed: 0, dropped: 0 };
  let checkFailures = 0;
  let started = 0;
  let finished = false;
  const t0 = performance.now();
  // What the thread-count choice reads, as load-loop.ts measures it: event-loop utilisation (near 1, the generator
  // was the limit), event-loop lag, and its CPU (cpu-clock.ts).
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = cpuMs();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const deadline = t0 + bounds.duration_ms;
  // The per-thread cap (tests' stand-in for a slow generator): open, arrivals admitted per second; closed, step sends.
  const capGap = job.thread_rate_cap !== undefined && job.thread_rate_cap > 0 ? 1000 / job.thread_rate_cap : 0;
  let capNext = t0;
  let lastDone = t0;
  // Set once the cap's next send slot falls at or after the deadline: no later send is this phase's.
  let capSpent = false;
  const more = () => !finished && !capSpent && !signal.aborted && started < bounds.max_requests && performance.now() < deadline;
  const tagsOf = (s: ScriptStep) => [`step:${s.name}`, ...(s.tags ?? [])];
  const record = (step: ScriptStep, ms: number, failedKind: 'status' | 'timeout' | 'connection' | null, answer: Answer | null) => {
    if (finished) return;
    lastDone = performance.now();
    for (const t of [all, ...tagsOf(step).map((name) => tags.get(name) ?? (tags.set(name, tally()), tags.get(name) as Tally))]) {
      t.run.requests++;
      if (answer) {
        t.run.bytes_received += answer.bytes;
        const k = String(answer.status);
        t.run.statuses[k] = (t.run.statuses[k] ?? 0) + 1;
      }
      if (failedKind === null) t.hist.recordMs(ms);
      else {
        t.run.errors[failedKind]++;
        if (answer) t.failed.recordMs(ms);
      }
    }
  };
  const progress = setInterval(
    () =>
      input.onProgress({
        phase: input.phase,
        elapsed_ms: Math.round(performance.now() - t0),
        requests: all.run.requests,
        errors: all.run.errors.status + all.run.errors.timeout + all.run.errors.connection,
        p50_ms: null,
        p99_ms: null,
      }),
    job.progress_ms,
  );
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, deadline - performance.now()))));

  /** One pass through the steps; `from` is when the first step was meant to leave (open model) or null. */
  const iterate = async (client: Client, from: number | null) => {
    iterations.started++;
    const rows = job.rows;
    // This generator's rows: offset, offset + stride, … (a split job's parts interleave), wrapping when they run out.
    const at = (job.row_offset ?? 0) + input.rowCursor.next * (job.row_stride ?? 1);
    const row = rows && rows.length > 0 ? (input.rowCursor.next++, rows[at % rows.length] ?? {}) : {};
    const vars: Record<string, string> = { ...row };
    let first = from;
    for (const step of job.steps) {
      if (!more()) return;
      if (capGap > 0 && model.type === 'closed') {
        const slot = Math.max(capNext, performance.now());
        capNext = slot + capGap;
        // Checked on the slot, not after the sleep: timers may fire a little early (as load-loop.ts does).
        if (slot >= deadline) capSpent = true;
        else if (slot > performance.now()) await sleep(slot - performance.now());
        if (!more()) return;
      }
      started++;
      const r = step.request;
      const qs = r.query
        ? new URLSearchParams(Object.fromEntries(Object.entries(r.query).map(([k, v]) => [k, fill(v, vars)]))).toString()
        : '';
      const headers: Record<string, string> = { ...job.headers };
      for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = fill(v, vars);
      let body: string | null = null;
      if (r.body !== undefined) {
        body = fill(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), vars);
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
          headers['content-type'] = typeof r.body === 'string' ? 'text/plain' : 'application/json';
      }
      const path = `${job.base_path}${fill(r.path, vars)}${qs ? `${r.path.includes('?') ? '&' : '?'}${qs}` : ''}`;
      const sent = first ?? performance.now();
      first = null;
      const { err, answer } = await sendAsync(client, { method: r.method, path, headers, body, idempotent: false, blocking: false }, true);
      const ms = performance.now() - sent;
      if (err !== null || !answer) {
        record(step, ms, err ?? 'connection', null);
        return; // later steps depend on this one
      }
      let parsed: unknown;
      let didParse = false;
      const json = () => (didParse ? parsed : ((didParse = true), (parsed = parseJson(answer.body))));
      const expectOk = (r.expect_status ?? (r.method === 'POST' ? [200, 201] : [200])).includes(answer.status);
      const failedChecks = (step.checks ?? []).filter((c) => !passes(c, answer, json)).length;
      if (!finished) checkFailures += failedChecks;
      record(step, ms, expectOk && failedChecks === 0 ? null : 'status', answer);
      for (const [name, ptr] of Object.entries(step.extract ?? {})) {
        const v = pointer(json(), ptr);
        if (v !== undefined) vars[name] = typeof v === 'string' ? v : JSON.stringify(v);
      }
      if (step.think_ms) await sleep(step.think_ms);
    }
    if (!finished) iterations.completed++;
  };

  // Iterations (open) or users (closed) still running: each holds at most one request.
  let inflight = 0;
  await new Promise<void>((resolve) => {
    let scheduleTimer: NodeJS.Timeout | null = null;
    const done = () => {
      if (finished) return;
      finished = true;
      if (scheduleTimer) clearTimeout(scheduleTimer);
      clearTimeout(hardStop);
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    // Iterations still out a grace after the deadline are abandoned (their connections are replaced).
    const grace =
      model.type === 'open' ? Math.min(job.timeout_ms, Math.max(20, bounds.duration_ms * END_GRACE_SHARE)) : job.timeout_ms + 1000;
    const hardStop = setTimeout(done, bounds.duration_ms + grace);
    if (bounds.max_requests <= 0 || bounds.duration_ms <= 0) return done();

    if (model.type === 'closed') {
      const stages = model.stages && model.stages.length > 0 ? model.stages : null;
      inflight = clients.length;
      const user = async (client: Client, i: number) => {
        while (more()) {
          // Parked until the ramp asks for more than i users.
          if (stages && i >= usersAt(stages, performance.now() - t0)) await sleep(RAMP_TICK_MS);
          else await iterate(client, null);
        }
      };
      for (const [i, c] of clients.entries())
        void user(c, i).finally(() => {
          if (--inflight === 0) done();
        });
      return;
    }

    // Open model: arrivals due at the (ramped) rate wait in `due` for an idle user.
    const schedule = model.stages && model.stages.length > 0 ? new RateSchedule(model.stages) : null;
    const gap = 1000 / model.rate;
    // A split job's share of the measured schedule (the warm-up has its own bounds).
    const maxArrivals = input.phase === 'measure' ? (job.max_arrivals ?? Infinity) : Infinity;
    const intended = (n: number) => (n >= maxArrivals ? Infinity : schedule ? t0 + (schedule.intendedAt(n) ?? Infinity) : t0 + n * gap);
    const idle = clients.slice();
    const due: number[] = [];
    let dueHead = 0;
    let nextIntended = intended(0);
    let ended = false;
    const maybeDone = () => {
      if (ended && inflight === 0) done();
    };
    const dispatch = () => {
      while (dueHead < due.length && idle.length > 0 && more()) {
        const at = due[dueHead++] as number;
        const client = idle.pop() as Client;
        inflight++;
        void iterate(client, at).finally(() => {
          inflight--;
          idle.push(client);
          dispatch();
          maybeDone();
        });
      }
    };
    const tick = () => {
      scheduleTimer = null;
      const now = performance.now();
      all.run.sent_late ??= 0;
      while (
        nextIntended <= now &&
        (capNext <= now || now >= deadline) &&
        nextIntended < deadline &&
        started < bounds.max_requests &&
        !signal.aborted
      ) {
        // Late with a user idle: the generator, not the server, held it back (as load-loop.ts's sent_late). Arrivals
        // waiting for a user are the iterations' story (dropped), not counted here as requests queued.
        if (due.length - dueHead < idle.length && now - nextIntended > LATE_MS && now < deadline) all.run.sent_late++;
        if (capGap > 0) capNext = Math.max(capNext, nextIntended) + capGap;
        due.push(nextIntended);
        iterations.scheduled++;
        nextIntended = intended(iterations.scheduled);
      }
      dispatch();
      if (now >= deadline || started >= bounds.max_requests || signal.aborted) {
        // The run ends at its duration: arrivals that never got a user are dropped, never started late. Ended by
        // its count or a cancel instead, the arrivals still waiting were never due to run.
        if (now >= deadline) iterations.dropped += due.length - dueHead;
        else iterations.scheduled -= due.length - dueHead;
        dueHead = due.length;
        ended = true;
        return maybeDone();
      }
      const at = nextIntended >= deadline ? deadline : Math.min(deadline, Math.max(nextIntended, capNext));
      scheduleTimer = setTimeout(tick, Math.max(0, at - performance.now()));
    };
    tick();
  });
  clearInterval(progress);
  const window = Math.max(0, lastDone - t0);
  const measured = close(all, window, signal.aborted);
  measured.unfinished = inflight;
  measured.generator_busy = Math.round(performance.eventLoopUtilization(elu0).utilization * 1000) / 1000;
  const cpu1 = cpu0 === null ? null : cpuMs();
  if (cpu0 !== null && cpu1 !== null) {
    measured.generator_cpu_ms = Math.round((cpu1 - cpu0) * 10) / 10;
  }
  lag.disable();
  measured.generator_lag_p99_ms = lag.count > 0 ? Math.round(lag.percentile(99) / 1e4) / 100 : 0;
  if (model.type === 'open') measured.dropped = iterations.dropped;
  // The closed model has no schedule: every iteration started was the one due (as core/bench/types.ts Iterations says).
  else iterations.scheduled = iterations.started;
  return {
    all: measured,
    by_tag: Object.fromEntries([...tags].map(([k, t]) => [k, close(t, window, signal.aborted)])),
    check_failures: checkFailures,
    iterations,
  };
}

export async function runScript(job: ScriptJob, signal: AbortSignal, onProgress: (p: GeneratorProgress) => void): Promise<ScriptOutcome> {
  const open = () => Array.from({ length: job.model.users }, () => openClient(job.base_url, job.timeout_ms));
  let clients = open();
  const rowCursor = { next: 0 };
  const common = { job, signal, onProgress, rowCursor };
  try {
    let warmup: PhaseOut | null = null;
    if (job.warmup.max_requests > 0 && job.warmup.duration_ms > 0) {
      warmup = await runScriptPhase({ ...common, clients, bounds: job.warmup, phase: 'warmup' });
      if ((warmup.all.unfinished ?? 0) > 0) {
        // Iterations cut off at the warm-up's end may still hold their connections: measure on fresh ones.
        await Promise.allSettled(clients.map((c) => c.destroy()));
        clients = open();
      }
    }
    const m = await runScriptPhase({ ...common, clients, bounds: job.bounds, phase: 'measure' });
    return {
      kind: 'script',
      warmup: warmup?.all ?? null,
      measured: m.all,
      check_failures: m.check_failures,
      by_tag: m.by_tag,
      iterations: m.iterations,
      rows_taken: job.rows && job.rows.length > 0 ? rowCursor.next : 0,
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.destroy()));
  }
}
