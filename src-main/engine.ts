/**
 * The engine inside the desktop app's main process: one store (the only writer), the response cache, the
 * worker pool for heavy work (recalculation, integrity checks) so the main thread never blocks for long, the
 * live hub and the IPC dispatcher. No HTTP here: `http-port.ts` opens it on demand over this same engine.
 *
 * This mirrors the non-HTTP half of `service/server.ts startServer`; once the service exposes that half as
 * its own function (e.g. `createEngine`), this file should become a call to it.
 */
import { ensureDemoDatabase } from '../src-engine/data/index.js';
import { createLiveHub, type KiraLiveHub } from '../src-engine/live/create-hub.js';
import { ResponseCache } from '../src-engine/service/cache.js';
import { listCompanies } from '../src-engine/service/company.js';
import { createDispatcher, type Dispatch } from '../src-engine/service/dispatch.js';
import { warmCompany } from '../src-engine/service/handlers/dashboard.js';
import { createIpcDispatcher, type IpcReply } from '../src-engine/service/ipc.js';
import { WorkerPool } from '../src-engine/service/pool.js';
import { Store } from '../src-engine/store/store.js';
import { recalculateCompany } from '../src-engine/workers/recalculate.js';

export interface DesktopEngineOptions {
  dbPath: string;
  /** Create demo books when the file does not exist (first start). */
  demo: boolean;
  /** Worker threads (default: the pool's own choice from the core count). */
  workers?: number;
  log?: (line: string) => void;
}

export interface DesktopEngine {
  store: Store;
  cache: ResponseCache;
  dispatch: Dispatch;
  hub: KiraLiveHub;
  invoke(name: unknown, input: unknown): Promise<IpcReply>;
  /** Fill the cache for the common views (after the window is up: it must not delay the first paint). */
  warm(): Promise<void>;
  /** Pool closed (queued tasks cancelled, running ones awaited), then the database. Idempotent. */
  close(): Promise<void>;
}

export function startDesktopEngine(opts: DesktopEngineOptions): DesktopEngine {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (opts.demo) ensureDemoDatabase(opts.dbPath);
  // Throws SchemaTooNewError, SQLITE_BUSY, SQLITE_NOTADB…: the caller shows them on the start-up error page.
  const store = Store.open(opts.dbPath);
  let pool: WorkerPool | null = null;
  try {
    pool = new WorkerPool(opts.workers ? { threads: opts.workers } : {});
  } catch (e) {
    store.close();
    throw e;
  }
  const runningPool = pool;
  const cache = new ResponseCache();
  const unsubscribeCache = cache.attach(store.changes);
  const hub = createLiveHub(store, { onError: (e, company) => log(`kira live: company ${company}: ${e instanceof Error ? e.message : String(e)}`) });
  const dispatch = createDispatcher({
    store,
    cache,
    hooks: {
      recalculate: (companyId) =>
        recalculateCompany(store, runningPool, companyId, { onProgress: (p) => hub.publishProgress(companyId, 'recalculate-progress', p) }),
    },
    onInternalError: (name, e) => log(`kira engine: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  });
  const ipc = createIpcDispatcher(dispatch);

  let closing: Promise<void> | null = null;
  return {
    store,
    cache,
    dispatch,
    hub,
    invoke: (name, input) => ipc.invoke(name, input),
    async warm() {
      for (const c of listCompanies(store.db)) await warmCompany(dispatch, c.id);
    },
    close() {
      closing ??= (async () => {
        hub.close();
        await runningPool.close();
        unsubscribeCache();
        // Last: better-sqlite3 writes are synchronous, so none is half-done once we get here.
        store.close();
      })();
      return closing;
    },
  };
}
