/**
 * The engine and its lifecycle: store (opened through the start-up check), backups, response cache, worker pool,
 * health, metrics, live hub, benchmark runs, the dispatcher every transport calls and its one HTTP port (opened
 * at start or on demand, engine-port.ts). `close()` is the one shutdown order; `startEngine` the one start-up.
 * `startServer` (`kira serve`, tests, benches) and the desktop app (src-main/engine.ts) are thin adapters.
 * Wiring only; behaviour lives in the modules it composes.
 */
import { basename } from 'node:path';
import { datasetCounts } from '../../bench/dataset.js';
import { BenchHistory } from '../../bench/history.js';
import { ensureDemoDatabase } from '../../data/index.js';
import { createLiveHub, type KiraLiveHub } from '../../live/create-hub.js';
import { startAutoBackup, type AutoBackupOptions } from '../../store/backup.js';
import { describeStartup, openAtStartup, type StartupOptions, type StartupReport } from '../../store/startup.js';
import type { Store } from '../../store/store.js';
import { recalculateCompany } from '../../pool/recalculate.js';
import { BenchRuns } from '../../bench/panel-runs.js';
import { ResponseCache } from '../common/cache.js';
import { listCompanies } from '../../store/reads/companies.js';
import type { ServiceHooks } from '../api/context.js';
import { createDispatcher, type Dispatch } from '../api/dispatch.js';
import { CrossProcessFreshness } from '../common/freshness.js';
import { warmCompany } from '../api/handlers/dashboard.js';
import { HealthMonitor } from '../common/health.js';
import { createIpcDispatcher } from '../ipc/dispatcher.js';
import { EngineMetrics } from '../common/metrics.js';
import { WorkerPool } from '../../pool/pool.js';
import { throttledProgress } from '../common/progress.js';
import { errorMessage } from '../../core/errors.js';
import type { HttpPortOptions } from '../http/port.js';
import { enginePort, type EnginePort } from './engine-port.js';

export interface EngineOptions {
  dbPath: string;
  /** Create the demo database first when the file does not exist. */
  demo?: boolean;
  cacheBytes?: number;
  /** Worker threads for recalculation and health checks; 0 runs without a pool (recalculate answers 501). */
  workers?: number;
  /** The live hub (SSE, WebSocket, IPC events); default on. */
  live?: boolean;
  /**
   * The clock for business dates ("today" in the company's zone): views, writes, the live aggregate. Default the
   * real clock. Durations, timers, rate limits and backup file stamps keep the real and monotonic clocks.
   */
  now?: () => Date;
  /** Automatic backups (store/backup.ts): on a timer and/or at clean shutdown. Default off. */
  backup?: AutoBackupOptions | false;
  /** Start-up checks (store/startup.ts). */
  startup?: StartupOptions;
  /**
   * Notice commits by other processes on the same database (freshness.ts): checked before every cache lookup
   * and on this timer (ms) for live subscribers. Default 250; 0 keeps only the per-lookup check.
   */
  crossProcessCheckMs?: number;
  /** A lookup within this many ms of the last check reuses it (default 1; 0: every lookup checks). */
  crossProcessMaxLagMs?: number;
  /** The options of the engine's HTTP port (opened by `startEngine` with `listen`, or on demand: `engine.http`). */
  http?: HttpPortOptions;
  /** A cap in requests per second on the owner's token over HTTP (`kira serve --rate-limit`, the app's setting); default none. */
  httpRateLimit?: number;
  log?: (line: string) => void;
  /** How report PDFs are printed (the desktop app: Electron's printToPDF); default headless Chromium. */
  printPdf?: (html: string) => Promise<Buffer>;
}

export interface Engine {
  store: Store;
  cache: ResponseCache;
  metrics: EngineMetrics;
  dispatch: Dispatch;
  ipc: ReturnType<typeof createIpcDispatcher>;
  /** Null with `live: false`. */
  live: KiraLiveHub | null;
  /** What the start-up check found (unclean shutdown, rollups repaired). */
  startup: StartupReport;
  /** The owner's HTTP rate cap the engine was started with (read by `openHttpPort`). */
  httpRateLimit?: number;
  /** The engine's HTTP port: the embedded benchmark's target; closed by `close()` once benchmarks stopped. */
  http: EnginePort;
  /** Start the periodic integrity check (after the engine is serving). */
  startHealth(): void;
  /** Fill the cache for the common views of every company. */
  warm(): Promise<void>;
  /** Cancel a running benchmark and wait for its load generator (before closing a port it loads). */
  stopBenchmarks(): Promise<void>;
  /**
   * The one shutdown order: a running benchmark (it loads the port), the HTTP port (in-flight requests finish),
   * the live hub, the pool (queued tasks cancelled, running awaited), backups, then the database. Idempotent.
   */
  close(opts?: CloseOptions): Promise<void>;
}

export interface CloseOptions {
  /** False when the engine never served (a failed start): no shutdown backup is taken. Default true. */
  shutdownBackup?: boolean;
}

export function createEngine(opts: EngineOptions): Engine {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Demo: the sample books are generated only when the file does not exist yet.
  if (opts.demo) ensureDemoDatabase(opts.dbPath);
  const opened = openAtStartup(opts.dbPath, opts.startup);
  const store = opened.store;
  const startupNote = describeStartup(opts.dbPath, opened.report);
  if (startupNote) log(startupNote);
  const metrics = new EngineMetrics({ processMetrics: true });
  const cache = new ResponseCache(opts.cacheBytes, () => metrics.cacheEvicted());
  const unsubscribeCache = cache.attach(store.changes);
  const freshness = new CrossProcessFreshness(store.db, store.changes, {
    intervalMs: opts.crossProcessCheckMs,
    maxLagMs: opts.crossProcessMaxLagMs,
  });
  cache.beforeRead = () => freshness.check();
  freshness.start();
  let pool: WorkerPool | null = null;
  try {
    pool = opts.workers === 0 ? null : new WorkerPool(opts.workers ? { threads: opts.workers } : {});
  } catch (e) {
    freshness.stop();
    opened.close();
    throw e;
  }
  // After the last step that can fail: a start that failed leaves no backup timer behind.
  const backups = opts.backup
    ? startAutoBackup(store.db, store.path, { onError: (e) => log(`kira: automatic backup failed: ${errorMessage(e)}`), ...opts.backup })
    : null;
  const runningPool = pool;
  const health = new HealthMonitor({
    store,
    quickCheck: runningPool ? () => runningPool.run('quickCheck', { dbPath: store.path }) : () => Promise.resolve(['ok']),
    pool: runningPool ? () => runningPool.stats() : undefined,
    cache: () => cache.stats(),
  });
  metrics.observeCache(() => cache.stats());
  if (runningPool) metrics.observePool(() => runningPool.stats());

  const live =
    opts.live === false
      ? null
      : createLiveHub(store, {
          ...(opts.now ? { now: opts.now } : {}),
          onSubscribersChanged: (n, transport) => metrics.setLiveSubscribers(n, transport),
          onError: (e, company) => log(`kira live: company ${company}: ${errorMessage(e)}`),
        });
  const progress = throttledProgress((companyId, name, data) => live?.publishProgress(companyId, name, data));
  const hooks: ServiceHooks = {
    ...(opts.printPdf ? { printPdf: opts.printPdf } : {}),
    progress: (companyId, name, data, final) => (final ? progress.final(companyId, name, data) : progress(companyId, name, data)),
    metricsText: () => metrics.metricsText(),
    metricsContentType: metrics.contentType,
    health: () => {
      const r = health.report();
      return { healthy: r.statusCode === 200, report: { ...r.body } };
    },
    recalculate: runningPool
      ? async (companyId) => {
          const started = performance.now();
          try {
            const result = await recalculateCompany(store, runningPool, companyId, {
              onProgress: (p) => hooks.progress?.(companyId, 'recalculate-progress', p, p.phase === 'done'),
            });
            metrics.recordRebuild((performance.now() - started) / 1000, 'ok');
            return result;
          } catch (e) {
            metrics.recordRebuild((performance.now() - started) / 1000, 'failed');
            throw e;
          }
        }
      : undefined,
  };
  // The object is made below; the port reads it only when it opens.
  let self: Engine | null = null;
  const http = enginePort(() => {
    if (!self) throw new Error('the engine is still starting');
    return self;
  }, opts.http);
  // The benchmark panel: load from a worker thread against this engine's own HTTP port (opened if it is not yet).
  const bench = new BenchRuns({
    history: BenchHistory.on(store.db),
    embedded: async () => {
      const own = await http.ensure();
      return { base_url: own.url, bench_token: own.benchToken, label: `embedded: ${basename(store.path)}` };
    },
    publish: (event) => {
      if (!live) return;
      for (const c of listCompanies(store.db)) live.publishProgress(c.id, 'bench-progress', event);
    },
    dataset: () => datasetCounts(store.db),
    onError: (e) => log(`kira bench: ${errorMessage(e)}`),
  });
  hooks.bench = bench;
  const dispatch = createDispatcher({
    store,
    cache,
    hooks,
    now: opts.now,
    onInternalError: (name, e) => log(`kira service: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    onOutcome: (name, out) => {
      if (out.kind !== 'json' || !out.cache) return;
      if (out.cache === 'hit') metrics.cacheHit(name);
      else metrics.cacheMiss(name);
    },
  });

  let closing: Promise<void> | null = null;
  self = {
    store,
    cache,
    metrics,
    dispatch,
    ipc: createIpcDispatcher(dispatch),
    live,
    startup: opened.report,
    ...(opts.httpRateLimit ? { httpRateLimit: opts.httpRateLimit } : {}),
    http,
    startHealth: () => void health.start(),
    async warm() {
      for (const c of listCompanies(store.db)) await warmCompany(dispatch, c.id);
    },
    stopBenchmarks: () => bench.close(),
    close(how: CloseOptions = {}) {
      closing ??= (async () => {
        // The benchmark's generator loads this engine's port: stop it first, then the port.
        await bench.close();
        await http.close();
        live?.close();
        health.stop();
        freshness.stop();
        cache.beforeRead = null;
        await runningPool?.close();
        unsubscribeCache();
        await backups?.stop(how.shutdownBackup !== false);
        // Last: better-sqlite3 writes are synchronous, so none is half-done once we get here.
        opened.close();
      })();
      return closing;
    },
  };
  return self;
}

export interface StartEngineOptions extends EngineOptions {
  /** Open the HTTP port during start (`kira serve`); otherwise it opens on demand (`engine.http.ensure()`). */
  listen?: boolean;
  /** Warm the common views of every company before answering (default true). */
  warm?: boolean;
}

/**
 * The one start-up: the engine, its HTTP port when `listen`, health checks once serving, then the cache warmed.
 * A start that failed (a port in use, say) closes the engine without the shutdown backup and rethrows.
 */
export async function startEngine(opts: StartEngineOptions): Promise<Engine> {
  const engine = createEngine(opts);
  try {
    if (opts.listen) await engine.http.ensure();
    engine.startHealth();
    if (opts.warm !== false) await engine.warm();
  } catch (e) {
    await engine.close({ shutdownBackup: false });
    throw e;
  }
  return engine;
}
