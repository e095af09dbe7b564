/**
 * `startServer`: wires store, cache, security, dispatcher, HTTP app, pool, metrics and health together and
 * listens on 127.0.0.1. Wiring only; behaviour lives in the modules it composes.
 */
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ROUTES, type HandlerName } from '../core/api.js';
import { ensureDemoDatabase } from '../data/index.js';
import type { Store } from '../store/store.js';
import { startAutoBackup, type AutoBackupOptions } from '../store/backup.js';
import { describeStartup, openAtStartup, type StartupOptions, type StartupReport } from '../store/startup.js';
import { recalculateCompany } from '../workers/recalculate.js';
import { ResponseCache } from './cache.js';
import { listCompanies } from './company.js';
import type { ServiceHooks } from './context.js';
import { createDispatcher, type Dispatch } from './dispatch.js';
import { warmCompany } from './handlers/dashboard.js';
import { HealthMonitor } from './health.js';
import { buildHttpApp } from './http.js';
import { createIpcDispatcher } from './ipc.js';
import { EngineMetrics } from './metrics.js';
import { WorkerPool } from './pool.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { Security } from './security.js';
import { registerRenderer } from './static.js';
import { liveService } from '../live/service-plugin.js';
import type { KiraLiveHub } from '../live/create-hub.js';
import { throttledProgress } from './progress.js';
import { packageRoot } from '../package-root.js';
import { BenchHistory } from '../bench/history.js';
import { datasetCounts } from '../bench/dataset.js';
import { BenchRuns } from './bench-runs.js';

export interface ServiceContext {
  store: Store;
  cache: ResponseCache;
  security: Security;
  dispatch: Dispatch;
  metrics: EngineMetrics;
  /** Set once listening. */
  port(): number;
}

/** A fastify plugin added before listen (the live stream: SSE route, WebSocket upgrade via `security.checkUpgrade`). */
export type ServerPlugin = (app: FastifyInstance, ctx: ServiceContext) => Promise<void> | void;

export interface StartOptions {
  dbPath: string;
  port?: number;
  token?: string;
  benchToken?: string;
  /** Create the demo database first when the file does not exist. */
  demo?: boolean;
  /** Built renderer to serve at `/` (default dist-renderer/ when present). */
  rendererDir?: string;
  plugins?: ServerPlugin[];
  /** The live stream (SSE, WebSocket, hub for IPC); default on. */
  live?: boolean;
  rateLimit?: RateLimitOptions;
  cacheBytes?: number;
  /** Worker threads for recalculation and health checks; 0 runs without a pool (recalculate answers 501). */
  workers?: number;
  /** Warm the common views of every company before answering (default true). */
  warm?: boolean;
  now?: () => Date;
  /** Automatic backups (store/backup.ts): on a timer and/or at clean shutdown. Default off; `kira serve` turns them on. */
  backup?: AutoBackupOptions | false;
  /** Start-up checks (store/startup.ts). */
  startup?: StartupOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  benchToken: string;
  app: FastifyInstance;
  store: Store;
  cache: ResponseCache;
  dispatch: Dispatch;
  ipc: ReturnType<typeof createIpcDispatcher>;
  /** The live hub (null with `live: false`): Electron forwards its events over IPC. */
  live: KiraLiveHub | null;
  /** What the start-up check found (unclean shutdown, rollups repaired). */
  startup: StartupReport;
  close(): Promise<void>;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  // Demo: the sample books are generated only when the file does not exist yet.
  if (opts.demo) ensureDemoDatabase(opts.dbPath);
  const opened = openAtStartup(opts.dbPath, opts.startup);
  const store = opened.store;
  const startupNote = describeStartup(opts.dbPath, opened.report);
  if (startupNote) process.stderr.write(startupNote + '\n');
  const backups = opts.backup
    ? startAutoBackup(store.db, store.path, {
        onError: (e) => process.stderr.write(`kira: automatic backup failed: ${e instanceof Error ? e.message : String(e)}\n`),
        ...opts.backup,
      })
    : null;
  const metrics = new EngineMetrics({ processMetrics: true });
  const cache = new ResponseCache(opts.cacheBytes, () => metrics.cacheEvicted());
  const unsubscribeCache = cache.attach(store.changes);
  const security = new Security({ token: opts.token, benchToken: opts.benchToken });
  const pool = opts.workers === 0 ? null : new WorkerPool(opts.workers ? { threads: opts.workers } : {});
  const health = new HealthMonitor({
    store,
    quickCheck: pool ? () => pool.run('quickCheck', { dbPath: store.path }) : async () => ['ok'],
    pool: pool ? () => pool.stats() : undefined,
    cache: () => cache.stats(),
  });
  metrics.observeCache(() => cache.stats());
  if (pool) metrics.observePool(() => pool.stats());

  const live = opts.live === false ? null : liveService();
  const progress = throttledProgress((companyId, name, data) => live?.hub.publishProgress(companyId, name, data));
  const hooks: ServiceHooks = {
    progress: (companyId, name, data, final) => (final ? progress.final(companyId, name, data) : progress(companyId, name, data)),
    metricsText: () => metrics.metricsText(),
    metricsContentType: metrics.contentType,
    health: () => {
      const r = health.report();
      return { healthy: r.statusCode === 200, report: { ...r.body } };
    },
    recalculate: pool
      ? async (companyId) => {
          const started = performance.now();
          try {
            const result = await recalculateCompany(store, pool, companyId, {
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
  let port = 0;
  // The benchmark panel: load from a worker thread against this server's own address with its bench token.
  const bench = new BenchRuns({
    history: BenchHistory.on(store.db),
    embedded: () => {
      if (port === 0) throw new Error('the service is not listening yet');
      return { base_url: `http://127.0.0.1:${port}`, bench_token: security.benchToken, label: `embedded: ${basename(store.path)}` };
    },
    publish: (event) => {
      if (!live) return;
      for (const c of listCompanies(store.db)) live.hub.publishProgress(c.id, 'bench-progress', event);
    },
    dataset: () => datasetCounts(store.db),
    onError: (e) => process.stderr.write(`kira bench: ${e instanceof Error ? e.message : String(e)}\n`),
  });
  hooks.bench = bench;
  const dispatch = createDispatcher({
    store,
    cache,
    hooks,
    now: opts.now,
    onInternalError: (name, e) => process.stderr.write(`kira service: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`),
    onOutcome: (name, out) => {
      if (out.kind !== 'json' || !out.cache) return;
      if (out.cache === 'hit') metrics.cacheHit(name);
      else metrics.cacheMiss(name);
    },
  });

  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const app = buildHttpApp({ dispatch, security, limiter });
  const routeNames = new Map<string, HandlerName>(Object.entries(ROUTES).map(([n, r]) => [`${r.method} ${r.path}`, n as HandlerName]));
  app.addHook('onResponse', async (req, reply) => {
    const name = routeNames.get(`${req.method} ${req.routeOptions.url ?? ''}`);
    metrics.recordRequest(name ?? (req.url.startsWith('/api') ? 'unmatched' : 'static'), reply.statusCode, reply.elapsedTime / 1000);
  });
  const rendererDir = opts.rendererDir ?? join(packageRoot(), 'dist-renderer');
  if (existsSync(rendererDir)) registerRenderer(app, rendererDir, () => port);
  const ctx: ServiceContext = { store, cache, security, dispatch, metrics, port: () => port };
  for (const plugin of [...(live ? [live.plugin] : []), ...(opts.plugins ?? [])]) await app.register(async (instance) => plugin(instance, ctx));

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // A running benchmark loads this very server: stop it (and its worker) first.
    await bench.close();
    await app.close();
    health.stop();
    await pool?.close();
    unsubscribeCache();
    await backups?.stop();
    opened.close();
  };
  try {
    await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
    port = (app.server.address() as AddressInfo).port;
    security.setPort(port);
    void health.start();
    if (opts.warm !== false) {
      for (const c of listCompanies(store.db)) await warmCompany(dispatch, c.id);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token: security.token,
    benchToken: security.benchToken,
    app,
    store,
    cache,
    dispatch,
    ipc: createIpcDispatcher(dispatch),
    live: live?.hub ?? null,
    startup: opened.report,
    close,
  };
}
