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
import { CALIBRATION_MS, chooseThreads, needsCalibration, type Calibration } from '../core/bench/threads.js';
import type {
  BenchResult,
  Environment,
  GeneratorsUsed,
  ProgressEvent,
  RequestSpec,
  Scenario,
  ScenarioResult,
  Suite,
  Target,
} from '../core/bench/types.js';
import { environment } from './environment.js';
import { mergeRuns, splitJob } from './split.js';
import { startGenerator, type GeneratorHost, type HostKind } from './generator-host.js';
import type { GeneratorProgress, LoadJob, WireRequest } from './thread/jobs.js';
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
   * Generators (threads in the app, processes from the CLI) that share each endpoint scenario's load. Unset: chosen
   * per scenario from a short calibration run on one (a heavy scenario only), up to the cores available and 8.
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
    return out.skipped !== null ? skippedScenario(s, out.skipped) : measuredScenario(s, out.measured, null);
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
    const out = await gen.run(
      {
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
      },
      (p) => report(p),
      signal,
    );
    if (out.kind !== 'script') throw new Error('generator answered a script job with another outcome');
    return scriptedScenario(s, out);
  }
  if (s.type === 'endpoint') {
    const full = job({}, true);
    const plan = await planThreads(full, pool, signal);
    // Shared out over the chosen generators; progress comes from the first one's share.
    const parts = splitJob(full, plan.threads);
    const gens = await pool.take(parts.length);
    const outs = await Promise.all(parts.map((j, i) => (gens[i] as GeneratorHost).run(j, i === 0 ? (p) => report(p) : () => {}, signal)));
    const loads = outs.map((o) => {
      if (o.kind !== 'load') throw new Error('generator answered a load job with a push outcome');
      return o;
    });
    const warm = loads.map((o) => o.warmup).filter((w): w is NonNullable<typeof w> => w !== null);
    const result = measuredScenario(s, mergeRuns(loads.map((o) => o.measured)), warm.length > 0 ? mergeRuns(warm) : null);
    result.generators = {
      threads: parts.length,
      chosen: plan.chosen,
      reason: parts.length < plan.threads ? `${plan.reason}; the load could not be split further (${s.model.users} users)` : plan.reason,
      per_thread: loads.map(({ measured: m }) => ({
        busy: m.generator_busy ?? 0,
        lag_p99_ms: m.generator_lag_p99_ms ?? 0,
        requests: m.requests,
        ...(m.generator_cpu_ms !== undefined ? { cpu_ms: m.generator_cpu_ms } : {}),
        sent_late: m.sent_late ?? 0,
      })),
      ...(plan.calibration ? { calibration: plan.calibration } : {}),
    };
    return result;
  }
  // Paired: each variant gets its own warm-up (connections, JIT, and for the cached variant the cache entry);
  // the first variant's headers (e.g. Cache-Control: no-cache) keep every one of its requests on the miss path.
  const [va, vb] = s.variants;
  const a = await gen.run(job(va.headers ?? {}, true), (p) => report(p, va.label), signal);
  const b = await gen.run(job(vb.headers ?? {}, true), (p) => report(p, vb.label), signal);
  if (a.kind !== 'load' || b.kind !== 'load') throw new Error('generator answered a load job with a push outcome');
  return pairedScenario(s, a.measured, b.measured, a.warmup);
}

/**
 * How many generators a scenario gets: the explicit count, or (heavy scenarios only) the count a short run on
 * one generator calls for — see core/bench/threads.ts for why up front rather than mid-run.
 */
async function planThreads(
  full: LoadJob,
  pool: GeneratorPool,
  signal: AbortSignal | undefined,
): Promise<{ threads: number; chosen: GeneratorsUsed['chosen']; reason: string; calibration?: Calibration }> {
  if (pool.explicit !== null) return { threads: pool.explicit, chosen: 'explicit', reason: `--threads ${pool.explicit}` };
  if (pool.max < 2 || !needsCalibration(full.model, pool.rateCap))
    return { threads: 1, chosen: 'single', reason: pool.max < 2 ? 'one generator available' : 'a light load: one thread holds it' };
  const m = full.model;
  const out = await pool.first.run(
    {
      ...full,
      warmup: { duration_ms: 0, max_requests: 0 },
      bounds: { duration_ms: CALIBRATION_MS, max_requests: full.bounds.max_requests },
    },
    () => {},
    signal,
  );
  if (out.kind !== 'load') throw new Error('generator answered a load job with another outcome');
  const r = out.measured;
  const calibration: Calibration = {
    ms: CALIBRATION_MS,
    target_rate: m.type === 'open' ? m.rate : null,
    // Open: what was sent per second of the calibration; closed: what was answered over its window.
    achieved_rate: Math.round((r.requests / (m.type === 'open' ? CALIBRATION_MS : Math.max(1, r.window_ms))) * 1000 * 100) / 100,
    busy: r.generator_busy ?? 0,
    lag_p99_ms: r.generator_lag_p99_ms ?? 0,
    sent_late_share: r.requests > 0 ? Math.round(((r.sent_late ?? 0) / r.requests) * 1000) / 1000 : 0,
  };
  const choice = chooseThreads(calibration, m, pool.max);
  return { ...choice, chosen: 'auto', calibration };
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
