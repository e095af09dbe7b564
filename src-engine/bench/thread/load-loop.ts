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
import { isMainThread } from 'node:worker_threads';
import { createHistogram, encodeHistogram, recordMs } from '../../core/bench/histogram.js';
import { emptyRawRun, type Bounds, type LoadModel, type RawRun } from '../../core/bench/types.js';
import type { Answer, ErrorKind, LoadConnection } from './http-client.js';
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

/** A percentile of the progress interval, in ms (µs resolution, as the run's own histogram); null when empty. */
function pct(h: ReturnType<typeof createHistogram>, p: number): number | null {
  return h.totalCount === 0 ? null : h.getValueAtPercentile(p) / 1000;
}

export function runPhase(input: PhaseInput): Promise<RawRun> {
  const { clients, expect, model, bounds, signal } = input;
  const hist = createHistogram();
  const failedHist = createHistogram();
  const run: RawRun = emptyRawRun();
  if (bounds.max_requests <= 0 || bounds.duration_ms <= 0) return Promise.resolve({ ...run, histogram: encodeHistogram(hist) });

  const t0 = performance.now();
  // This thread's event-loop utilisation over the phase: near 1, the generator (not the server) was the limit.
  const elu0 = performance.eventLoopUtilization();
  // A generator with a process of its own (the CLI's) can say what CPU it spent; a worker thread shares its process's.
  const cpu0 = isMainThread ? process.cpuUsage() : null;
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
  const interval = createHistogram();
  let stopping = false;

  return new Promise<RawRun>((resolve) => {
    let finished = false;
    const progressTimer = setInterval(() => {
      input.onProgress({
        phase: input.phase,
        elapsed_ms: Math.round(performance.now() - t0),
        requests: run.requests,
        errors: run.errors.status + run.errors.timeout + run.errors.connection,
        p50_ms: pct(interval, 50),
        p99_ms: pct(interval, 99),
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
      run.histogram = encodeHistogram(hist);
      run.failed_histogram = encodeHistogram(failedHist);
      run.unfinished = inflight;
      const end = Math.max(t0, lastDone);
      run.timeline = perSecond.finish(end);
      run.noise_slices = noise.finish(end);
      run.connect_failures = clients.reduce((n, c) => n + (c.connectFailures ?? 0), 0) - connectFailures0;
      run.generator_busy = Math.round(performance.eventLoopUtilization(elu0).utilization * 1000) / 1000;
      if (cpu0) {
        const cpu = process.cpuUsage(cpu0);
        run.generator_cpu_ms = Math.round((cpu.user + cpu.system) / 100) / 10;
      }
      lag.disable();
      run.generator_lag_p99_ms = lag.count > 0 ? Math.round(lag.percentile(99) / 1e4) / 100 : 0;
      resolve(run);
    }

    function record(latencyMs: number, err: ErrorKind | null, answer: Answer | null) {
      if (finished) return;
      const now = performance.now();
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
        if (expect.has(answer.status)) recordMs(hist, latencyMs);
        else {
          recordMs(failedHist, latencyMs);
          run.errors.status++;
        }
        recordMs(interval, latencyMs);
        run.bytes_received += answer.bytes;
        const k = String(answer.status);
        run.statuses[k] = (run.statuses[k] ?? 0) + 1;
      }
    }

    const mayStart = () => !stopping && !signal.aborted && started < bounds.max_requests && performance.now() < deadline;
    const maybeFinish = () => {
      if (inflight === 0 && (stopping || !mayStart())) finish();
    };

    if (model.type === 'closed') {
      // Paced closed users (the remote cap): request i may not leave before t0 + i/max_rate, whoever sends it.
      const cap = input.rate_cap !== undefined && input.rate_cap > 0 ? 1000 / input.rate_cap : 0;
      const pace = Math.max(cap, model.max_rate !== undefined && model.max_rate > 0 ? 1000 / model.max_rate : 0);
      const send = (client: LoadConnection) => {
        const sent = performance.now();
        client.send((err, answer) => {
          inflight--;
          record(performance.now() - sent, err, answer);
          loop(client);
        });
      };
      // Stages: user i runs while i < usersAt(t); the others are parked until the ramp reaches them.
      const stages = model.stages && model.stages.length > 0 ? model.stages : null;
      const users = clients.slice(0, model.users);
      const parked = new Set<LoadConnection>();
      const loop = (client: LoadConnection) => {
        // A slot due at or after the deadline is not this phase's (timers may fire a little early).
        if (pace > 0 && t0 + started * pace >= deadline) stopping = true;
        if (!mayStart()) {
          maybeFinish();
          return;
        }
        if (stages && users.indexOf(client) >= usersAt(stages, performance.now() - t0)) {
          parked.add(client);
          return;
        }
        const slot = started++;
        inflight++;
        const wait = pace > 0 ? t0 + slot * pace - performance.now() : 0;
        if (wait <= 0) return send(client);
        setTimeout(() => {
          if (finished || signal.aborted || stopping) {
            // The slot was never used: it is not a request.
            started--;
            inflight--;
            maybeFinish();
            return;
          }
          send(client);
        }, wait);
      };
      if (stages) {
        for (const c of users) parked.add(c);
        const ramp = () => {
          if (finished) return;
          const active = usersAt(stages, performance.now() - t0);
          for (const [i, c] of users.entries()) {
            if (i < active && parked.delete(c)) loop(c);
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
      for (const c of users) loop(c);
      return;
    }

    // Open model: a schedule of intended send times, a queue of due-but-unsent requests, idle connections.
    const gap = 1000 / model.rate;
    const schedule = model.stages && model.stages.length > 0 ? new RateSchedule(model.stages) : null;
    const intended = (n: number) => (schedule ? t0 + (schedule.intendedAt(n) ?? Infinity) : t0 + n * gap);
    const idle: LoadConnection[] = clients.slice(0, model.users);
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
        const intended = due[dueHead++] as number;
        const client = idle.pop() as LoadConnection;
        inflight++;
        client.send((err, answer) => {
          inflight--;
          record(performance.now() - intended, err, answer);
          idle.push(client);
          dispatchDue();
          if (stopping && dueHead >= due.length) maybeFinish();
        });
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
