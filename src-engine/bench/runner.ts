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
import type { BenchResult, Environment, ProgressEvent, RequestSpec, Scenario, ScenarioResult, Suite, Target } from '../core/bench/types.js';
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
  /** Generators (threads in the app, processes from the CLI) that share each endpoint scenario's load; default 1. */
  threads?: number;
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
  gens: readonly GeneratorHost[],
  report: (p: GeneratorProgress, label?: string) => void,
  signal: AbortSignal | undefined,
  progress_ms: number,
): Promise<ScenarioResult> {
  const gen = gens[0] as GeneratorHost;
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
        users: s.model.users,
        bounds: s.bounds,
        timeout_ms: s.request_timeout_ms,
        progress_ms,
      },
      (p) => report(p),
      signal,
    );
    if (out.kind !== 'script') throw new Error('generator answered a script job with another outcome');
    return scriptedScenario(s, out.measured, out.check_failures, out.by_tag);
  }
  if (s.type === 'endpoint') {
    // Shared out over every generator; progress comes from the first one's share.
    const parts = splitJob(job({}, true), gens.length);
    const outs = await Promise.all(parts.map((j, i) => (gens[i] as GeneratorHost).run(j, i === 0 ? (p) => report(p) : () => {}, signal)));
    const loads = outs.map((o) => {
      if (o.kind !== 'load') throw new Error('generator answered a load job with a push outcome');
      return o;
    });
    const warm = loads.map((o) => o.warmup).filter((w): w is NonNullable<typeof w> => w !== null);
    return measuredScenario(s, mergeRuns(loads.map((o) => o.measured)), warm.length > 0 ? mergeRuns(warm) : null);
  }
  // Paired: each variant gets its own warm-up (connections, JIT, and for the cached variant the cache entry);
  // the first variant's headers (e.g. Cache-Control: no-cache) keep every one of its requests on the miss path.
  const [va, vb] = s.variants;
  const a = await gen.run(job(va.headers ?? {}, true), (p) => report(p, va.label), signal);
  const b = await gen.run(job(vb.headers ?? {}, true), (p) => report(p, vb.label), signal);
  if (a.kind !== 'load' || b.kind !== 'load') throw new Error('generator answered a load job with a push outcome');
  return pairedScenario(s, a.measured, b.measured, a.warmup);
}

export async function runSuite(suite: Suite, target: Target, opts: RunSuiteOptions = {}): Promise<BenchResult> {
  const started_at = new Date().toISOString();
  const own = typeof opts.generator !== 'object';
  const threads = own ? Math.max(1, Math.min(8, Math.floor(opts.threads ?? 1))) : 1;
  const gens: GeneratorHost[] =
    typeof opts.generator === 'object'
      ? [opts.generator]
      : await Promise.all(Array.from({ length: threads }, () => startGenerator((opts.generator as HostKind | undefined) ?? 'worker')));
  const gen = gens[0] as GeneratorHost;
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
        r = await runScenario(s, target, gens, (p, label) => emit(p, label), opts.signal, progress_ms);
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
