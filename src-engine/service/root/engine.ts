/**
 * The engine without its HTTP port: store (opened through the start-up check), backups, response cache, worker
 * pool, health, metrics, live hub, benchmark runs and the dispatcher every transport calls. `startServer` adds
 * an HTTP port to it; the desktop app uses it as is over IPC and opens a port only when one is needed.
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
import { listCompanies } from '../common/company.js';
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

/** Where the benchmark panel sends load when it measures this engine: an HTTP port of it and its bench token. */
export type OwnHttpTarget = () => Promise<{ url: string; benchToken: string }> | { url: string; benchToken: string };

export interface EngineOptions {
  dbPath: string;
  /** Create the demo database first when the file does not exist. */
  demo?: boolean;
  cacheBytes?: number;
  /** Worker threads for recalculation and health checks; 0 runs without a pool (recalculate answers 501). */
  workers?: number;
  /** The live hub (SSE, WebSocket, IPC events); default on. */
  live?: boolean;
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
  /** This engine's HTTP address for embedded benchmark runs (known once a port is open). */
  ownHttp?: OwnHttpTarget;
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
  /** Start the periodic integrity check (after the engine is serving). */
  startHealth(): void;
  /** Fill the cache for the common views of every company. */
  warm(): Promise<void>;
  /** Cancel a running benchmark and wait for its load generator (before closing a port it loads). */
  stopBenchmarks(): Promise<void>;
  /** A running benchmark, the pool (queued tasks cancelled, running awaited), backups, then the database. Idempotent. */
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
  const backups = opts.backup
    ? startAutoBackup(store.db, store.path, { onError: (e) => log(`kira: automatic backup failed: ${errorMessage(e)}`), ...opts.backup })
    : null;
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
    opened.close();
    throw e;
  }
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
  // The benchmark panel: load from a worker thread against this engine's own HTTP port with its bench token.
  const bench = new BenchRuns({
    history: BenchHistory.on(store.db),
    embedded: async () => {
      if (!opts.ownHttp) throw new Error('this engine has no HTTP port to benchmark');
      const own = await opts.ownHttp();
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
  return {
    store,
    cache,
    metrics,
    dispatch,
    ipc: createIpcDispatcher(dispatch),
    live,
    startup: opened.report,
    ...(opts.httpRateLimit ? { httpRateLimit: opts.httpRateLimit } : {}),
    startHealth: () => void health.start(),
    async warm() {
      for (const c of listCompanies(store.db)) await warmCompany(dispatch, c.id);
    },
    stopBenchmarks: () => bench.close(),
    close(how: CloseOptions = {}) {
      closing ??= (async () => {
        await bench.close();
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
}
