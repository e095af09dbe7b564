/**
 * runSuite: the engine's one entry point, used by the CLI and (through the service) the benchmark panel.
 * Turns each scenario into generator jobs, runs them one after another on a generator that has its own event
 * loop, and returns a plain-JSON result. Never throws for a scenario that fails: it is reported as failed.
 */
import { SEED_PROFILE, type BudgetProfile } from '../core/bench/budget.js';
import {
  assembleResult,
  failedScenario,
  measuredScenario,
  pairedScenario,
  scriptedScenario,
  skippedScenario,
} from '../core/bench/result.js';
import { availableParallelism } from 'node:os';
import { CALIBRATION_MS, chooseThreads, needsCalibration, peakModel, type Calibration } from '../core/bench/threads.js';
import type {
  BenchResult,
  Environment,
  GeneratorsUsed,
  ProgressEvent,
  RawRun,
  RequestSpec,
  Scenario,
  ScenarioResult,
  Suite,
  Target,
} from '../core/bench/types.js';
import { environment } from './environment.js';
import { mergeRuns, mergeScriptOutcomes, splitJob } from './split.js';
import { startGenerator, type GeneratorHost, type HostKind } from './generator-host.js';
import type { GeneratorProgress, LoadJob, LoadOutcome, Outcome, ScriptJob, WireRequest } from './thread/jobs.js';
import { errorMessage } from '../core/errors.js';

export interface RunSuiteOptions {
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  /** 'worker' in the app (default), 'process' from the CLI; or an already started generator to reuse. */
  generator?: HostKind | GeneratorHost;
  profile?: BudgetProfile;
  profileName?: string | null;
  quick?: boolean;
  /** Row counts of the dataset behind the target, when known (embedded engine). */
  dataset?: Record<string, number> | null;
  progress_ms?: number;
  /** Success rate (percent) every scenario must reach; default 99 (errors fail a run). */
  minSuccess?: number;
  /**
   * Generators (threads in the app, processes from the CLI) that share each scenario's load (endpoint, scripted,
   * staged, paired; push always runs on one). Unset: chosen per scenario from a short calibration run on one (a
   * heavy scenario only, at its peak), up to the cores available and 8.
   */
  threads?: number;
  /** Sends per second each generator may make at most: a deterministic stand-in for a slow generator (tests). */
  threadRateCap?: number;
}

/** Most generators a run starts. */
const MAX_THREADS = 8;

/** The generators of a run, started when a scenario first needs them. */
interface GeneratorPool {
  first: GeneratorHost;
  take(n: number): Promise<readonly GeneratorHost[]>;
  /** How many threads a scenario may use at most. */
  max: number;
  /** Set when the caller fixed the count (--threads N). */
  explicit: number | null;
  rateCap: number | undefined;
}

/** `{{today}}` in a write body becomes today's date (UTC), so writes land in the live "today" figures. */
function fillTemplates(text: string): string {
  return text.replaceAll('{{today}}', new Date().toISOString().slice(0, 10));
}

function wireRequest(req: RequestSpec, target: Target, extraHeaders: Record<string, string> = {}): WireRequest {
  const qs = req.query ? new URLSearchParams(req.query).toString() : '';
  const basePath = new URL(target.base_url).pathname.replace(/\/$/, '');
  const headers: Record<string, string> = { ...target.headers, ...req.headers, ...extraHeaders };
  let body: string | null = null;
  if (req.body !== undefined) {
    body = fillTemplates(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = typeof req.body === 'string' ? 'text/plain' : 'application/json';
  }
  return {
    method: req.method,
    path: `${basePath}${req.path}${qs ? `${req.path.includes('?') ? '&' : '?'}${qs}` : ''}`,
    headers,
    body,
    expect_status: req.expect_status ?? (req.method === 'POST' ? [200, 201] : [200]),
  };
}

function origin(target: Target): string {
  return new URL(target.base_url).origin;
}

/** Why push stays on one generator whatever the thread count (said in its `generators` and in docs/bench.md). */
const PUSH_SINGLE = 'push: one sequential write → event probe by design; a second generator would add writes and change what is measured';

/** One generator's figures for `generators.per_thread`, from the runs it made for a scenario (two for a paired one). */
function perThread(runs: readonly RawRun[]): GeneratorsUsed['per_thread'][number] {
  const cpu = runs.every((m) => m.generator_cpu_ms !== undefined) ? runs.reduce((n, m) => n + (m.generator_cpu_ms ?? 0), 0) : null;
  return {
    busy: Math.max(0, ...runs.map((m) => m.generator_busy ?? 0)),
    lag_p99_ms: Math.max(0, ...runs.map((m) => m.generator_lag_p99_ms ?? 0)),
    requests: runs.reduce((n, m) => n + m.requests, 0),
    ...(cpu !== null ? { cpu_ms: Math.round(cpu * 10) / 10 } : {}),
    sent_late: runs.reduce((n, m) => n + (m.sent_late ?? 0), 0),
  };
}

/** `generators` of a scenario: the plan, the parts it really ran on, and each generator's runs (by generator). */
function generatorsUsed(plan: Plan, byThread: readonly (readonly RawRun[])[], users: number): GeneratorsUsed {
  return {
    threads: byThread.length,
    chosen: plan.chosen,
    reason:
      byThread.length < plan.threads
        ? `${plan.reason}; the load could not be split further (${users} user${users === 1 ? '' : 's'})`
        : plan.reason,
    per_thread: byThread.map(perThread),
    ...(plan.calibration ? { calibration: plan.calibration } : {}),
  };
}

/** A job shared out over the plan's generators, run at once; progress comes from the first one's share. */
async function spread<J extends LoadJob | ScriptJob>(
  full: J,
  threads: number,
  pool: GeneratorPool,
  report: (p: GeneratorProgress) => void,
  signal: AbortSignal | undefined,
): Promise<Outcome[]> {
  const parts = splitJob(full, threads);
  const gens = await pool.take(parts.length);
  return Promise.all(parts.map((j, i) => (gens[i] as GeneratorHost).run(j, i === 0 ? report : () => {}, signal)));
}

function loadOutcomes(outs: readonly Outcome[]): LoadOutcome[] {
  return outs.map((o) => {
    if (o.kind !== 'load') throw new Error('generator answered a load job with another outcome');
    return o;
  });
}

/** A load job's parts merged into one scenario's runs. */
function mergeLoads(loads: readonly LoadOutcome[]): { measured: RawRun; warmup: RawRun | null } {
  const warm = loads.map((o) => o.warmup).filter((w): w is RawRun => w !== null);
  return { measured: mergeRuns(loads.map((o) => o.measured)), warmup: warm.length > 0 ? mergeRuns(warm) : null };
}

async function runScenario(
  s: Scenario,
  target: Target,
  pool: GeneratorPool,
  report: (p: GeneratorProgress, label?: string) => void,
  signal: AbortSignal | undefined,
  progress_ms: number,
): Promise<ScenarioResult> {
  const gen = pool.first;
  if (s.type === 'push') {
    const out = await gen.run(
      {
        kind: 'push',
        scenario: s.name,
        base_url: origin(target),
        stream: wireRequest({ method: 'GET', path: s.stream.path, ...(s.stream.headers ? { headers: s.stream.headers } : {}) }, target, {
          accept: 'text/event-stream',
        }),
        event: s.stream.event,
        write: wireRequest(s.write, target),
        cleanup: s.cleanup ? wireRequest(s.cleanup, target) : null,
        count: s.count,
        event_timeout_ms: s.event_timeout_ms,
        timeout_ms: 10_000,
      },
      (p) => report(p),
      signal,
    );
    if (out.kind !== 'push') throw new Error('generator answered a push job with a load outcome');
    if (out.skipped !== null) return skippedScenario(s, out.skipped);
    const result = measuredScenario(s, out.measured, null);
    result.generators = { threads: 1, chosen: 'single', reason: PUSH_SINGLE, per_thread: [perThread([out.measured])] };
    return result;
  }
  const job = (extra: Record<string, string>, withWarmup: boolean): LoadJob => ({
    kind: 'load',
    scenario: s.name,
    base_url: origin(target),
    request: wireRequest(s.request, target, extra),
    model: s.model,
    bounds: s.bounds,
    warmup: withWarmup ? s.warmup : { duration_ms: 0, max_requests: 0 },
    timeout_ms: s.request_timeout_ms,
    progress_ms,
    ...(pool.rateCap !== undefined ? { thread_rate_cap: pool.rateCap } : {}),
  });
  if (s.type === 'endpoint' && s.script) {
    const full: ScriptJob = {
      kind: 'script',
      scenario: s.name,
      base_url: origin(target),
      headers: { ...target.headers },
      base_path: new URL(target.base_url).pathname.replace(/\/$/, ''),
      steps: s.script.steps,
      rows: s.script.rows,
      model: s.model,
      bounds: s.bounds,
      warmup: s.warmup,
      timeout_ms: s.request_timeout_ms,
      progress_ms,
      ...(pool.rateCap !== undefined ? { thread_rate_cap: pool.rateCap } : {}),
    };
    const plan = await planThreads(full, pool, signal);
    // Rows the calibration fed are skipped, so a feeder of unique rows stays unique in the measured run.
    const outs = await spread({ ...full, row_offset: plan.rows_taken }, plan.threads, pool, (p) => report(p), signal);
    const parts = outs.map((o) => {
      if (o.kind !== 'script') throw new Error('generator answered a script job with another outcome');
      return o;
    });
    const result = scriptedScenario(s, mergeScriptOutcomes(parts));
    result.generators = generatorsUsed(
      plan,
      parts.map((o) => [o.measured]),
      s.model.users,
    );
    return result;
  }
  if (s.type === 'endpoint') {
    const full = job({}, true);
    const plan = await planThreads(full, pool, signal);
    const loads = loadOutcomes(await spread(full, plan.threads, pool, (p) => report(p), signal));
    const merged = mergeLoads(loads);
    const result = measuredScenario(s, merged.measured, merged.warmup);
    result.generators = generatorsUsed(
      plan,
      loads.map((o) => [o.measured]),
      s.model.users,
    );
    return result;
  }
  // Paired: each variant gets its own warm-up (connections, JIT, and for the cached variant the cache entry);
  // the first variant's headers (e.g. Cache-Control: no-cache) keep every one of its requests on the miss path.
  // Planned once, on the first variant, and both variants get the same thread count: like is compared with like.
  const [va, vb] = s.variants;
  const first = job(va.headers ?? {}, true);
  const plan = await planThreads(first, pool, signal);
  const a = loadOutcomes(await spread(first, plan.threads, pool, (p) => report(p, va.label), signal));
  const b = loadOutcomes(await spread(job(vb.headers ?? {}, true), plan.threads, pool, (p) => report(p, vb.label), signal));
  const ma = mergeLoads(a);
  const result = pairedScenario(s, ma.measured, mergeLoads(b).measured, ma.warmup);
  // Each generator ran its share of both variants, one after the other.
  result.generators = generatorsUsed(
    plan,
    a.map((o, i) => [o.measured, ...(b[i] ? [b[i].measured] : [])]),
    s.model.users,
  );
  return result;
}

interface Plan {
  threads: number;
  chosen: GeneratorsUsed['chosen'];
  reason: string;
  calibration?: Calibration;
  /** Data rows a scripted calibration fed (the measured run starts after them). */
  rows_taken: number;
}

/**
 * How many generators a scenario gets: the explicit count, or (heavy scenarios only) the count a short run on
 * one generator calls for — see core/bench/threads.ts for why up front rather than mid-run. A staged scenario is
 * calibrated at its peak (a flat run at its largest users or rate), so it is planned for its heaviest moment.
 */
async function planThreads(full: LoadJob | ScriptJob, pool: GeneratorPool, signal: AbortSignal | undefined): Promise<Plan> {
  if (pool.explicit !== null) return { threads: pool.explicit, chosen: 'explicit', reason: `--threads ${pool.explicit}`, rows_taken: 0 };
  const load = {
    ...(pool.rateCap !== undefined ? { rateCap: pool.rateCap } : {}),
    ...(full.kind === 'script' ? { scriptSteps: full.steps.length } : {}),
  };
  if (pool.max < 2 || !needsCalibration(full.model, load))
    return {
      threads: 1,
      chosen: 'single',
      reason: pool.max < 2 ? 'one generator available' : 'a light load: one thread holds it',
      rows_taken: 0,
    };
  const m = peakModel(full.model);
  const out = await pool.first.run(
    {
      ...full,
      model: m,
      warmup: { duration_ms: 0, max_requests: 0 },
      bounds: { duration_ms: CALIBRATION_MS, max_requests: full.bounds.max_requests },
    },
    () => {},
    signal,
  );
  if (out.kind === 'push') throw new Error('generator answered a load job with a push outcome');
  const r = out.measured;
  // A script's open rate is of arrivals (iterations); a plain job's of requests.
  const sent = out.kind === 'script' && m.type === 'open' ? out.iterations.started : r.requests;
  const arrivals = out.kind === 'script' && m.type === 'open' ? out.iterations.scheduled : r.requests;
  const calibration: Calibration = {
    ms: CALIBRATION_MS,
    target_rate: m.type === 'open' ? m.rate : null,
    // Open: what was sent per second of the calibration; closed: what was answered over its window.
    achieved_rate: Math.round((sent / (m.type === 'open' ? CALIBRATION_MS : Math.max(1, r.window_ms))) * 1000 * 100) / 100,
    busy: r.generator_busy ?? 0,
    lag_p99_ms: r.generator_lag_p99_ms ?? 0,
    sent_late_share: arrivals > 0 ? Math.round(((r.sent_late ?? 0) / arrivals) * 1000) / 1000 : 0,
  };
  const choice = chooseThreads(calibration, m, pool.max);
  return { ...choice, chosen: 'auto', calibration, rows_taken: out.kind === 'script' ? out.rows_taken : 0 };
}

export async function runSuite(suite: Suite, target: Target, opts: RunSuiteOptions = {}): Promise<BenchResult> {
  const started_at = new Date().toISOString();
  const own = typeof opts.generator !== 'object';
  const kindOf: HostKind = typeof opts.generator === 'string' ? opts.generator : 'worker';
  const max = own ? Math.max(1, Math.min(MAX_THREADS, availableParallelism())) : 1;
  // A generator handed in by the caller is the only one (max 1: 'single'); --threads N fixes the count.
  const explicit = own && opts.threads !== undefined ? Math.max(1, Math.min(MAX_THREADS, Math.floor(opts.threads))) : null;
  const gens: GeneratorHost[] = [typeof opts.generator === 'object' ? opts.generator : await startGenerator(kindOf)];
  const pool: GeneratorPool = {
    first: gens[0] as GeneratorHost,
    async take(n) {
      // Started once and kept for the rest of the run (their connections are per job, not per generator).
      if (own) while (gens.length < n) gens.push(await startGenerator(kindOf));
      return gens.slice(0, n);
    },
    max,
    explicit,
    rateCap: opts.threadRateCap,
  };
  const gen = pool.first;
  const progress_ms = opts.progress_ms ?? 250;
  const results: ScenarioResult[] = [];
  try {
    for (const [index, s] of suite.scenarios.entries()) {
      const emit = (p: Omit<ProgressEvent, 'scenario' | 'index' | 'total'>, label?: string) =>
        opts.onProgress?.({ scenario: label ? `${s.name}[${label}]` : s.name, index, total: suite.scenarios.length, ...p });
      if (opts.signal?.aborted) {
        results.push({ ...skippedScenario(s, 'cancelled before it started'), status: 'aborted' });
        continue;
      }
      let r: ScenarioResult;
      try {
        r = await runScenario(s, target, pool, (p, label) => emit(p, label), opts.signal, progress_ms);
      } catch (e) {
        r = failedScenario(s, errorMessage(e));
      }
      results.push(r);
      emit({
        phase: r.status === 'skipped' ? 'skipped' : 'done',
        elapsed_ms: Math.round(r.window_ms),
        requests: r.requests,
        errors: r.error_total,
        p50_ms: r.latency_ms.p50,
        p99_ms: r.latency_ms.p99,
      });
    }
  } finally {
    if (own) await Promise.all(gens.map((g) => g.close()));
  }
  const kind = gen.kind === 'worker' ? ['worker thread', 'worker threads'] : ['child process', 'child processes'];
  const env: Environment = environment(
    `${gens.length > 1 ? `${gens.length} ${kind[1]}` : kind[0]} (raw HTTP/1.1 keep-alive; undici for https and scripted steps)`,
    opts.dataset ?? null,
  );
  return assembleResult({
    suite,
    target,
    scenarios: results,
    environment: env,
    started_at,
    finished_at: new Date().toISOString(),
    quick: opts.quick ?? false,
    aborted: opts.signal?.aborted ?? false,
    profile: opts.profile ?? SEED_PROFILE,
    profileName: opts.profileName ?? null,
    ...(opts.minSuccess !== undefined ? { minSuccess: opts.minSuccess } : {}),
  });
}
