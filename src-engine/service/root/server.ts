/**
 * `startServer`: the engine plus one HTTP port on 127.0.0.1, open from the start (`kira serve`, tests,
 * benchmarks). Wiring only; behaviour lives in the modules it composes.
 */
import type { FastifyInstance } from 'fastify';
import type { KiraLiveHub } from '../../live/create-hub.js';
import type { StartupReport } from '../../store/startup.js';
import type { Store } from '../../store/store.js';
import type { ResponseCache } from '../common/cache.js';
import type { Dispatch } from '../api/dispatch.js';
import { createEngine, type EngineOptions } from './engine.js';
import { openHttpPort, type HttpPort, type HttpPortOptions } from '../http/port.js';
import type { createIpcDispatcher } from '../ipc/dispatcher.js';

export interface StartOptions extends Omit<EngineOptions, 'ownHttp'>, HttpPortOptions {
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
  let http: HttpPort | null = null;
  const engine = createEngine({
    ...opts,
    ownHttp: () => {
      if (!http) throw new Error('the service is not listening yet');
      return http;
    },
  });
  let closed = false;
  /** `served` false: the start failed (a port in use, say), so no shutdown backup is left behind. */
  const close = async (served = true) => {
    if (closed) return;
    closed = true;
    // A running benchmark loads this very port: stop it, then the port (in-flight requests finish), then the engine.
    await engine.stopBenchmarks();
    await http?.close();
    await engine.close({ shutdownBackup: served });
  };
  try {
    http = await openHttpPort(engine, opts);
    engine.startHealth();
    if (opts.warm !== false) await engine.warm();
  } catch (e) {
    await close(false);
    throw e;
  }
  return {
    url: http.url,
    port: http.port,
    token: http.token,
    benchToken: http.benchToken,
    app: http.app,
    store: engine.store,
    cache: engine.cache,
    dispatch: engine.dispatch,
    ipc: engine.ipc,
    live: engine.live,
    startup: engine.startup,
    close: () => close(),
  };
}
