/**
 * The benchmark panel's runs inside the service: one run at a time, on a load generator in a worker thread
 * (never the server's event loop), against this engine (its own URL and bench token) or another HTTP API.
 * `start` answers at once; progress goes out as throttled `bench-progress` live events; the finished result is
 * stored in the run history of the service's database. Cancel aborts the run (what was measured is kept).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BenchListResult, BenchLiveEvent, BenchRunView, BenchStartBody, BenchSuiteInfo } from '../core/bench/panel.js';
import { isLoopback } from '../core/bench/panel.js';
import { CAPS, parseSuite, resolveSuite } from '../core/bench/suite.js';
import type { BenchResult, ProgressEvent, Suite, Target } from '../core/bench/types.js';
import { ConflictError, NotFoundError, ValidationError, errorMessage } from '../core/errors.js';
import { benchErrors } from './errors.js';
import type { HostKind } from './generator-host.js';
import type { BenchHistory } from './history.js';
import { runSuite } from './runner.js';
import { packageRoot } from '../package-root.js';

/** This engine as a benchmark target: known once the server listens. */
export interface EmbeddedTarget {
  base_url: string;
  bench_token: string;
  label: string;
}

export interface BenchRunsOptions {
  history: BenchHistory;
  /** This engine's own address and bench token (Electron may open its HTTP port on demand here). */
  embedded: () => EmbeddedTarget | Promise<EmbeddedTarget>;
  /** Sends a `bench-progress` live event (to every company's subscribers: a benchmark is not per company). */
  publish: (event: BenchLiveEvent) => void;
  /** Row counts of this engine's books, reported with embedded runs. */
  dataset?: () => Record<string, number> | null;
  suitesDir?: string;
  generator?: HostKind;
  /** At most one scenario progress event per interval (phase changes and scenario ends always pass). */
  progressIntervalMs?: number;
  /** Finished runs kept in memory for `bench.get` by run id (the history keeps them all). */
  keep?: number;
  onError?: (e: unknown) => void;
}

/** What the handlers need (service/api/handlers/bench.ts), via `ServiceHooks.bench`. */
export interface BenchRunsApi {
  suites(): BenchSuiteInfo[];
  start(body: BenchStartBody): { id: string; status: 'running' };
  get(id: string): BenchRunView;
  cancel(id: string): { view: BenchRunView; accepted: boolean };
  list(limit: number): BenchListResult;
  close(): Promise<void>;
}

interface Run {
  view: BenchRunView;
  controller: AbortController;
  plan: Suite;
  /** The suite as the user wrote or uploaded it (not a named file): kept with the run in the history. */
  definition: Record<string, unknown> | null;
  done: Promise<void>;
}

const SUITE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export class BenchRuns implements BenchRunsApi {
  private readonly runs = new Map<string, Run>();
  private active: Run | null = null;
  private seq = 0;
  private closed = false;
  private readonly suitesDir: string;

  constructor(private readonly opts: BenchRunsOptions) {
    this.suitesDir = opts.suitesDir ?? join(packageRoot(), 'bench', 'suites');
  }

  suites(): BenchSuiteInfo[] {
    if (!existsSync(this.suitesDir)) return [];
    const out: BenchSuiteInfo[] = [];
    for (const file of readdirSync(this.suitesDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const name = basename(file, '.json');
      if (!SUITE_NAME.test(name)) continue;
      try {
        const suite = parseSuite(JSON.parse(readFileSync(join(this.suitesDir, file), 'utf8')), name);
        out.push({
          name,
          ...(suite.description ? { description: suite.description } : {}),
          scenarios: suite.scenarios.map((s) => ({ name: s.name, type: s.type, ...(s.description ? { description: s.description } : {}) })),
        });
      } catch (e) {
        this.opts.onError?.(new Error(`bench suite ${file} is not valid: ${errorMessage(e)}`));
      }
    }
    // The default suite first: it is what the panel selects.
    return out.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : 0));
  }

  private loadSuite(body: BenchStartBody): Suite {
    if (body.definition !== undefined) {
      if (body.suite !== undefined) throw new ValidationError('give either suite or definition, not both', { field: 'definition' });
      try {
        return parseSuite(body.definition, 'custom');
      } catch (e) {
        if (e instanceof ValidationError)
          throw new ValidationError(`definition: ${e.message}`, { field: `definition.${String(e.details.field ?? '')}` });
        throw e;
      }
    }
    const name = body.suite ?? 'default';
    const file = join(this.suitesDir, `${name}.json`);
    if (!SUITE_NAME.test(name) || !existsSync(file)) {
      const known = this.suites().map((s) => s.name);
      throw new ValidationError(`suite ${name} does not exist (known: ${known.join(', ') || 'none'})`, { field: 'suite' });
    }
    return parseSuite(JSON.parse(readFileSync(file, 'utf8')), name);
  }

  /** Check the target without contacting it: an http(s) URL, loopback unless the caller allows remote. */
  private checkTarget(body: BenchStartBody): { url: URL; headers: Record<string, string>; remote: boolean } | null {
    const t = body.target ?? { kind: 'embedded' };
    if (t.kind === 'embedded') return null;
    let url: URL;
    try {
      url = new URL(t.base_url);
    } catch {
      throw new ValidationError('target.base_url is not a URL', { field: 'target.base_url' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ValidationError('target.base_url must be an http(s) URL', { field: 'target.base_url' });
    if (url.username || url.password)
      throw new ValidationError('target.base_url must not carry credentials; send them as headers', { field: 'target.base_url' });
    const remote = !isLoopback(url);
    if (remote && t.allow_remote !== true)
      throw new ValidationError(`target ${url.host} is not this machine: set allow_remote to benchmark it (load is then capped)`, {
        field: 'target.allow_remote',
      });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.headers ?? {})) headers[k.toLowerCase()] = v;
    return { url, headers, remote };
  }

  start(body: BenchStartBody): { id: string; status: 'running' } {
    if (this.closed) throw benchErrors.shuttingDown();
    if (this.active)
      throw new ConflictError(`benchmark ${this.active.view.id} is still running; cancel it or wait for it to finish`, {
        running: this.active.view.id,
      });
    const suite = this.loadSuite(body);
    const target = this.checkTarget(body);
    const unknown = (body.scenarios ?? []).filter((n) => !suite.scenarios.some((s) => s.name === n));
    if (unknown.length > 0)
      throw new ValidationError(`scenarios names no scenario of suite ${suite.name}: ${unknown.join(', ')}`, { field: 'scenarios' });
    const plan = resolveSuite(suite, {
      ...(body.scenarios && body.scenarios.length > 0 ? { only: body.scenarios } : {}),
      quick: body.quick ?? false,
      ...(body.duration_ms !== undefined ? { duration_ms: body.duration_ms } : {}),
      ...(body.users !== undefined ? { users: body.users } : {}),
      ...(body.rate !== undefined ? { rate: body.rate } : {}),
      remote: target?.remote ?? false,
    });
    const id = `run-${++this.seq}`;
    const view: BenchRunView = {
      id,
      status: 'running',
      suite: suite.name,
      target_label: target ? target.url.host : 'this engine',
      quick: body.quick ?? false,
      started_at: new Date().toISOString(),
      finished_at: null,
      history_id: null,
      progress: [],
      result: null,
      error: null,
      cancel_requested: false,
    };
    const run: Run = { view, controller: new AbortController(), plan, definition: body.definition ?? null, done: Promise.resolve() };
    this.active = run;
    this.runs.set(id, run);
    this.forgetOld();
    run.done = this.execute(run, target, body.quick ?? false);
    return { id, status: 'running' };
  }

  private async execute(run: Run, urlTarget: ReturnType<BenchRuns['checkTarget']>, quick: boolean): Promise<void> {
    const { view } = run;
    try {
      let target: Target;
      if (urlTarget) {
        target = { base_url: urlTarget.url.href, headers: urlTarget.headers, label: urlTarget.url.host, remote: urlTarget.remote };
      } else {
        const own = await this.opts.embedded();
        target = { base_url: own.base_url, headers: { authorization: `Bearer ${own.bench_token}` }, label: own.label, remote: false };
      }
      view.target_label = target.label;
      const result: BenchResult = await runSuite(run.plan, target, {
        generator: this.opts.generator ?? 'worker',
        signal: run.controller.signal,
        onProgress: this.progressSink(run),
        quick,
        dataset: urlTarget ? null : (this.opts.dataset?.() ?? null),
      });
      if (run.definition) result.definition = run.definition;
      view.result = result;
      view.status = result.aborted ? 'cancelled' : 'finished';
      // A cancelled run is stored too (marked aborted): what was measured is real.
      view.history_id = this.opts.history.save(result);
    } catch (e) {
      view.status = 'failed';
      view.error = errorMessage(e);
      this.opts.onError?.(e);
    } finally {
      view.finished_at = new Date().toISOString();
      if (this.active === run) this.active = null;
      this.opts.publish({ kind: 'run', run_id: view.id, status: view.status, history_id: view.history_id });
    }
  }

  /** Keeps the latest event per scenario for `get`, and publishes at most one per interval (ends always). */
  private progressSink(run: Run): (e: ProgressEvent) => void {
    const interval = this.opts.progressIntervalMs ?? 200;
    const planned = new Map(
      run.plan.scenarios.map((s) => [s.name, s.type === 'push' || s.bounds.max_requests < CAPS.max_requests ? null : s.bounds.duration_ms]),
    );
    let lastKey = '';
    let lastAt = -Infinity;
    return (e) => {
      const i = run.view.progress.findIndex((p) => p.scenario === e.scenario);
      if (i >= 0) run.view.progress[i] = e;
      else run.view.progress.push(e);
      const key = `${e.scenario}:${e.phase}`;
      const now = performance.now();
      const end = e.phase === 'done' || e.phase === 'skipped';
      if (!end && key === lastKey && now - lastAt < interval) return;
      lastKey = key;
      lastAt = now;
      const base = e.scenario.replace(/\[.*\]$/, '');
      this.opts.publish({ kind: 'scenario', run_id: run.view.id, planned_ms: planned.get(base) ?? null, ...e });
    };
  }

  private forgetOld(): void {
    const keep = this.opts.keep ?? 16;
    for (const [id, r] of this.runs) {
      if (this.runs.size <= keep) break;
      if (r !== this.active) this.runs.delete(id);
    }
  }

  get(id: string): BenchRunView {
    const live = this.runs.get(id);
    if (live) return live.view;
    if (!/^\d+$/.test(id)) throw new NotFoundError('benchmark run', id);
    const result = this.opts.history.get(Number(id));
    return {
      id,
      status: result.aborted ? 'cancelled' : 'finished',
      suite: result.suite,
      target_label: result.target.label,
      quick: result.quick,
      started_at: result.started_at,
      finished_at: result.finished_at,
      history_id: Number(id),
      progress: [],
      result,
      error: null,
      cancel_requested: false,
    };
  }

  cancel(id: string): { view: BenchRunView; accepted: boolean } {
    const view = this.get(id);
    const run = this.runs.get(id);
    if (!run || run !== this.active) return { view, accepted: false };
    view.cancel_requested = true;
    run.controller.abort();
    return { view, accepted: true };
  }

  list(limit: number): BenchListResult {
    const a = this.active;
    return {
      items: this.opts.history.list(limit),
      active: a ? { id: a.view.id, suite: a.view.suite, started_at: a.view.started_at } : null,
    };
  }

  /** Abort the running benchmark and wait for its generator to stop (before the server and database close). */
  async close(): Promise<void> {
    this.closed = true;
    const a = this.active;
    if (!a) return;
    a.view.cancel_requested = true;
    a.controller.abort();
    await a.done;
  }
}
