/**
 * The load loop for one phase (warm-up or measured) of one scenario, closed or open model. Runs inside a
 * generator thread/process, never on the server's event loop.
 *
 * Closed: each user sends its next request when the last one answered; latency = answer − send.
 * Open: request i is *intended* at t0 + i/rate whether or not a connection is free; latency = answer − intended.
 * A stalled server therefore shows as latency for every request that should have gone out during the stall,
 * instead of as a quiet pause in sending (coordinated omission, as wrk2 corrects it).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createHistogram, encodeHistogram, LatencyRecorder } from '../../core/bench/histogram.js';
import { emptyRawRun, type Bounds, type LoadModel, type RawRun } from '../../core/bench/types.js';
import { cpuMs } from './cpu-clock.js';
import type { Answer, Done, ErrorKind, LoadConnection } from './http-client.js';
import type { GeneratorProgress } from './jobs.js';
import { noiseSliceMs, Slicer } from './slices.js';
import { RateSchedule, usersAt } from './ramp.js';

/** How often ramped closed-model users are started or parked. */
const RAMP_TICK_MS = 25;

/** Connection failures in a row, with no answer at all, after which a phase stops early. */
const GIVE_UP_AFTER = 50;
/** Open model: how long after its deadline a phase waits for requests in flight (a share of the duration, ≤ the request timeout). */
const END_GRACE_SHARE = 0.03;
/** Open model: a request that leaves this much after its intended time with a connection free was held by the generator. */
const LATE_MS = 10;
/** Status codes counted in an array (every three-digit code). */
const STATUS_SLOTS = 1000;

/**
 * A virtual user's state, with its completion callback made once: a closure per request showed in the
 * generator's profile, and the load loop runs tens of thousands of requests a second.
 */
interface User {
  client: LoadConnection;
  index: number;
  /** When its request in flight was sent (closed) or intended (open). */
  from: number;
  done: Done;
}

export interface PhaseInput {
  clients: LoadConnection[];
  expect: ReadonlySet<number>;
  model: LoadModel;
  bounds: Bounds;
  timeout_ms: number;
  progress_ms: number;
  phase: GeneratorProgress['phase'];
  signal: AbortSignal;
  onProgress: (p: GeneratorProgress) => void;
  /** At most this many sends per second from this thread: a deterministic stand-in for a slow generator (tests). */
  rate_cap?: number;
}

/** The progress interval's p50 and p99, in ms (µs resolution, as the run's own histogram); null when empty. */
function intervalPercentiles(rec: LatencyRecorder, scratch: ReturnType<typeof createHistogram>): [number | null, number | null] {
  if (rec.count === 0) return [null, null];
  const h = rec.histogram(scratch);
  return [h.getValueAtPercentile(50) / 1000, h.getValueAtPercentile(99) / 1000];
}

export function runPhase(input: PhaseInput): Promise<RawRun> {
  const { clients, expect, model, bounds, signal } = input;
  const hist = new LatencyRecorder();
  const failedHist = new LatencyRecorder();
  const run: RawRun = emptyRawRun();
  if (bounds.max_requests <= 0 || bounds.duration_ms <= 0) return Promise.resolve({ ...run, histogram: encodeHistogram(hist.histogram()) });

  const t0 = performance.now();
  // This thread's event-loop utilisation over the phase: near 1, the generator (not the server) was the limit.
  const elu0 = performance.eventLoopUtilization();
  // The generator's own CPU: its process's (the CLI), or its thread's where the OS tells (cpu-clock.ts).
  const cpu0 = cpuMs();
  // Event-loop lag of the generator thread: a late loop sends late and reads answers late.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const connectFailures0 = clients.reduce((n, c) => n + (c.connectFailures ?? 0), 0);
  const perSecond = new Slicer(t0, 1000);
  const noise = new Slicer(t0, noiseSliceMs(bounds.duration_ms));
  const deadline = t0 + bounds.duration_ms;
  let started = 0;
  let inflight = 0;
  let lastDone = t0;
  // Progress percentiles come from a second histogram, reset each tick: sorting a second's worth of latencies
  // took milliseconds and stalled every connection at once, which showed up in the p99 it was measuring.
  const interval = new LatencyRecorder();
  const scratch = createHistogram();
  let stopping = false;
  // Answers per status code, turned into `run.statuses` at the end (no string key per answer).
  const statusCounts = new Float64Array(STATUS_SLOTS);

  return new Promise<RawRun>((resolve) => {
    let finished = false;
    const progressTimer = setInterval(() => {
      const [p50, p99] = intervalPercentiles(interval, scratch);
      input.onProgress({
        phase: input.phase,
        elapsed_ms: Math.round(performance.now() - t0),
        requests: run.requests,
        errors: run.errors.status + run.errors.timeout + run.errors.connection,
        p50_ms: p50,
        p99_ms: p99,
      });
      interval.reset();
    }, input.progress_ms);
    let scheduleTimer: NodeJS.Timeout | null = null;
    // Hard stop: whatever is still queued or in flight a timeout after the deadline is abandoned. The open model
    // stops much sooner: its run ends at its duration, not when a backlog has drained.
    const grace =
      model.type === 'open' ? Math.min(input.timeout_ms, Math.max(20, bounds.duration_ms * END_GRACE_SHARE)) : input.timeout_ms + 1000;
    const hardStop = setTimeout(() => finish(), bounds.duration_ms + grace);

    const onAbort = () => {
      run.aborted = true;
      finish();
    };
    signal.addEventListener('abort', onAbort, { once: true });

    function finish() {
      if (finished) return;
      finished = true;
      clearInterval(progressTimer);
      clearTimeout(hardStop);
      if (scheduleTimer) clearTimeout(scheduleTimer);
      signal.removeEventListener('abort', onAbort);
      run.window_ms = Math.max(0, lastDone - t0);
      run.histogram = encodeHistogram(hist.histogram());
      run.failed_histogram = encodeHistogram(failedHist.histogram());
      run.unfinished = inflight;
      for (let st = 0; st < STATUS_SLOTS; st++) if ((statusCounts[st] as number) > 0) run.statuses[String(st)] = statusCounts[st] as number;
      const end = Math.max(t0, lastDone);
      run.timeline = perSecond.finish(end);
      run.noise_slices = noise.finish(end);
      run.connect_failures = clients.reduce((n, c) => n + (c.connectFailures ?? 0), 0) - connectFailures0;
      run.generator_busy = Math.round(performance.eventLoopUtilization(elu0).utilization * 1000) / 1000;
      const cpu1 = cpu0 === null ? null : cpuMs();
      if (cpu0 !== null && cpu1 !== null) run.generator_cpu_ms = Math.round((cpu1 - cpu0) * 10) / 10;
      lag.disable();
      run.generator_lag_p99_ms = lag.count > 0 ? Math.round(lag.percentile(99) / 1e4) / 100 : 0;
      resolve(run);
    }

    function record(now: number, latencyMs: number, err: ErrorKind | null, answer: Answer | null) {
      if (finished) return;
      lastDone = now;
      run.requests++;
      const ok = err === null && answer !== null && expect.has(answer.status);
      perSecond.record(now, ok ? latencyMs : null);
      noise.record(now, ok ? latencyMs : null);
      if (err !== null) {
        run.errors[err]++;
        // Nothing listens there: stop instead of spinning on refused connections for the whole duration — after
        // GIVE_UP_AFTER failures, or once every user has waited out a request on a port that refuses connections.
        if (run.requests === run.errors.connection) {
          const refused = clients.reduce((n, c) => n + (c.connectFailures ?? 0), 0) - connectFailures0;
          if (run.errors.connection >= GIVE_UP_AFTER || (refused > 0 && run.errors.connection >= model.users)) stopping = true;
        }
      } else if (answer) {
        // A failed answer (a fast 500, a 404) is not a latency of the service: it is kept apart.
        if (ok) hist.recordMs(latencyMs);
        else {
          failedHist.recordMs(latencyMs);
          run.errors.status++;
        }
        interval.recordMs(latencyMs);
        run.bytes_received += answer.bytes;
        const st = answer.status;
        if (st >= 0 && st < STATUS_SLOTS) statusCounts[st] = (statusCounts[st] as number) + 1;
        else run.statuses[String(st)] = (run.statuses[String(st)] ?? 0) + 1;
      }
    }

    /** The phase's users, each with its completion callback made once; `then` runs after its answer is recorded. */
    const makeUsers = (then: (u: User, now: number) => void): User[] =>
      clients.slice(0, model.users).map((client, index) => {
        const u: User = {
          client,
          index,
          from: 0,
          done: (err, answer) => {
            inflight--;
            const now = performance.now();
            record(now, now - u.from, err, answer);
            then(u, now);
          },
        };
        return u;
      });

    const mayStart = (now = performance.now()) => !stopping && !signal.aborted && started < bounds.max_requests && now < deadline;
    const maybeFinish = () => {
      if (inflight === 0 && (stopping || !mayStart())) finish();
    };

    if (model.type === 'closed') {
      // Paced closed users (the remote cap): request i may not leave before t0 + i/max_rate, whoever sends it.
      const cap = input.rate_cap !== undefined && input.rate_cap > 0 ? 1000 / input.rate_cap : 0;
      const pace = Math.max(cap, model.max_rate !== undefined && model.max_rate > 0 ? 1000 / model.max_rate : 0);
      // The send time is read right before the write: the answer's own timestamp would count this loop's work.
      const send = (u: User) => {
        u.from = performance.now();
        u.client.send(u.done);
      };
      // Stages: user i runs while i < usersAt(t); the others are parked until the ramp reaches them.
      const stages = model.stages && model.stages.length > 0 ? model.stages : null;
      const users = makeUsers((u, now) => loop(u, now));
      const parked = new Set<User>();
      const loop = (u: User, now = performance.now()) => {
        // A slot due at or after the deadline is not this phase's (timers may fire a little early).
        if (pace > 0 && t0 + started * pace >= deadline) stopping = true;
        if (!mayStart(now)) {
          maybeFinish();
          return;
        }
        if (stages && u.index >= usersAt(stages, now - t0)) {
          parked.add(u);
          return;
        }
        const slot = started++;
        inflight++;
        const wait = pace > 0 ? t0 + slot * pace - performance.now() : 0;
        if (wait <= 0) return send(u);
        setTimeout(() => {
          if (finished || signal.aborted || stopping) {
            // The slot was never used: it is not a request.
            started--;
            inflight--;
            maybeFinish();
            return;
          }
          send(u);
        }, wait);
      };
      if (stages) {
        for (const u of users) parked.add(u);
        const ramp = () => {
          if (finished) return;
          const active = usersAt(stages, performance.now() - t0);
          for (const u of users) {
            if (u.index < active && parked.delete(u)) loop(u);
          }
          if (!mayStart() || stopping) {
            maybeFinish();
            if (!finished && inflight > 0) setTimeout(ramp, RAMP_TICK_MS);
            return;
          }
          setTimeout(ramp, RAMP_TICK_MS);
        };
        ramp();
        return;
      }
      for (const u of users) loop(u);
      return;
    }

    // Open model: a schedule of intended send times, a queue of due-but-unsent requests, idle connections.
    const gap = 1000 / model.rate;
    const schedule = model.stages && model.stages.length > 0 ? new RateSchedule(model.stages) : null;
    const intended = (n: number) => (schedule ? t0 + (schedule.intendedAt(n) ?? Infinity) : t0 + n * gap);
    const idle = makeUsers((u) => {
      idle.push(u);
      dispatchDue();
      if (stopping && dueHead >= due.length) maybeFinish();
    });
    const due: number[] = [];
    let dueHead = 0;
    let nextIntended = intended(0);
    // The per-thread cap admits one request per capGap at most; past the deadline it no longer holds (what is left drops).
    const capGap = input.rate_cap !== undefined && input.rate_cap > 0 ? 1000 / input.rate_cap : 0;
    let capNext = t0;
    run.sent_late = 0;
    const dispatchDue = () => {
      // Past the deadline nothing more is sent: the deadline tick drops what is left.
      if (dueHead < due.length && idle.length > 0 && performance.now() >= deadline) return;
      while (dueHead < due.length && idle.length > 0) {
        const u = idle.pop() as User;
        u.from = due[dueHead++] as number;
        inflight++;
        u.client.send(u.done);
      }
      if (dueHead > 4096 && dueHead === due.length) {
        due.length = 0;
        dueHead = 0;
      }
    };
    const tick = () => {
      scheduleTimer = null;
      const now = performance.now();
      while (
        nextIntended <= now &&
        (capNext <= now || now >= deadline) &&
        started < bounds.max_requests &&
        nextIntended < deadline &&
        !signal.aborted &&
        !stopping
      ) {
        if (due.length - dueHead >= idle.length) run.queued_late++;
        else if (now - nextIntended > LATE_MS && now < deadline) run.sent_late = (run.sent_late ?? 0) + 1;
        if (capGap > 0) capNext = Math.max(capNext, nextIntended) + capGap;
        due.push(nextIntended);
        started++;
        nextIntended = intended(started);
      }
      dispatchDue();
      if (now >= deadline && !stopping) {
        // The run ends at its duration: every request due before it was sent or is dropped now, never sent late.
        run.dropped = (run.dropped ?? 0) + (due.length - dueHead);
        dueHead = due.length;
        stopping = true;
      }
      if (stopping || started >= bounds.max_requests || signal.aborted) {
        stopping = true;
        if (dueHead >= due.length) maybeFinish();
        return;
      }
      // After the last intended send, one more tick at the deadline drops what is still queued.
      const at = nextIntended >= deadline ? deadline : Math.min(deadline, Math.max(nextIntended, capNext));
      scheduleTimer = setTimeout(tick, Math.max(0, at - performance.now()));
    };
    tick();
  });
}
