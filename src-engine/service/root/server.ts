/**
 * `startServer`: the engine started with its HTTP port on 127.0.0.1 open from the start (`kira serve`, tests,
 * benchmarks). A thin adapter over `startEngine`, which owns the start-up and the shutdown order.
 */
import type { FastifyInstance } from 'fastify';
import type { KiraLiveHub } from '../../live/create-hub.js';
import type { StartupReport } from '../../store/startup.js';
import type { Store } from '../../store/store.js';
import type { ResponseCache } from '../common/cache.js';
import type { Dispatch } from '../api/dispatch.js';
import { startEngine, type EngineOptions } from './engine.js';
import type { HttpPortOptions } from '../http/port.js';
import type { createIpcDispatcher } from '../ipc/dispatcher.js';

export interface StartOptions extends Omit<EngineOptions, 'http'>, HttpPortOptions {
  /** Warm the common views of every company before answering (default true). */
  warm?: boolean;
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
  // The port reads only its own options (HttpPortOptions) from the whole set.
  const engine = await startEngine({ ...opts, http: opts, listen: true });
  const open = await engine.http.ensure();
  return {
    url: open.url,
    port: open.port,
    token: open.token,
    benchToken: open.benchToken,
    app: open.app,
    store: engine.store,
    cache: engine.cache,
    dispatch: engine.dispatch,
    ipc: engine.ipc,
    live: engine.live,
    startup: engine.startup,
    close: () => engine.close(),
  };
}
