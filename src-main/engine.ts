/**
 * The engine inside the desktop app's main process: the service's engine (one store — the only writer — the
 * response cache, the worker pool so the main thread never blocks for long, the live hub, benchmark runs) served
 * over IPC, with automatic backups, and an HTTP port opened only when something needs it (`http-port.ts`).
 */
import type { KiraLiveHub } from '../src-engine/live/create-hub.js';
import { createEngine, type Engine } from '../src-engine/service/root/engine.js';
import type { IpcReply } from '../src-engine/service/ipc/dispatcher.js';
import { httpPortOnDemand, type OnDemandPort } from './http-port.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DesktopEngineOptions {
  dbPath: string;
  /** Create demo books when the file does not exist (first start). */
  demo: boolean;
  /** Worker threads (default: the pool's own choice from the core count). */
  workers?: number;
  /** Port for the on-demand HTTP port (0: any free port). */
  httpPort?: number;
  /** The settings' cap in requests per second on the owner's token over the HTTP port (default none). */
  httpRateLimit?: number;
  /** Automatic backups beside the database (daily and at quit); default on. */
  backups?: boolean;
  log?: (line: string) => void;
  /** Report PDFs through Electron's printToPDF (print-pdf.ts); default headless Chromium. */
  printPdf?: (html: string) => Promise<Buffer>;
}

export interface DesktopEngine extends Engine {
  hub: KiraLiveHub;
  invoke(name: unknown, input: unknown): Promise<IpcReply>;
  /** The local HTTP port, opened by the first caller that needs it (the benchmark panel, `KIRA_HTTP_PORT`). */
  http: OnDemandPort;
}

export function startDesktopEngine(opts: DesktopEngineOptions): DesktopEngine {
  let http: OnDemandPort | null = null;
  // Throws SchemaTooNewError, DatabaseCorruptError, SQLITE_BUSY…: the caller shows them on the start-up error page.
  const engine = createEngine({
    dbPath: opts.dbPath,
    demo: opts.demo,
    ...(opts.httpRateLimit ? { httpRateLimit: opts.httpRateLimit } : {}),
    ...(opts.workers ? { workers: opts.workers } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.printPdf ? { printPdf: opts.printPdf } : {}),
    backup: opts.backups === false ? false : { intervalMs: DAY_MS, onShutdown: true },
    // The benchmark panel measures the real stack: it opens the port on demand.
    ownHttp: async () => {
      if (!http) throw new Error('the engine is still starting');
      return http.ensure();
    },
  });
  const port = httpPortOnDemand(engine, opts.httpPort ?? 0);
  http = port;
  const hub = engine.live;
  if (!hub) throw new Error('the desktop engine needs its live hub');
  engine.startHealth();
  let closing: Promise<void> | null = null;
  return {
    ...engine,
    hub,
    invoke: (name, input) => engine.ipc.invoke(name, input),
    http: port,
    close() {
      // A running benchmark loads the port: stop it, close the port, then the engine (pool, backups, database).
      closing ??= (async () => {
        await engine.stopBenchmarks();
        await port.close();
        await engine.close();
      })();
      return closing;
    },
  };
}
