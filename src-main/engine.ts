/**
 * The engine inside the desktop app's main process: the service's engine (one store — the only writer — the
 * response cache, the worker pool so the main thread never blocks for long, the live hub, benchmark runs) served
 * over IPC, with automatic backups, and its HTTP port opened only when something needs it (`engine.http`: the
 * benchmark panel, `KIRA_HTTP_PORT`). A thin adapter: the engine owns the port and the shutdown order.
 */
import type { KiraLiveHub } from '../src-engine/live/create-hub.js';
import { createEngine, type Engine } from '../src-engine/service/root/engine.js';
import type { IpcReply } from '../src-engine/service/ipc/dispatcher.js';

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
  /** The clock for business dates (default the real one); tests pin "today" with it. */
  now?: () => Date;
  log?: (line: string) => void;
  /** Report PDFs through Electron's printToPDF (print-pdf.ts); default headless Chromium. */
  printPdf?: (html: string) => Promise<Buffer>;
}

export interface DesktopEngine extends Engine {
  hub: KiraLiveHub;
  invoke(name: unknown, input: unknown): Promise<IpcReply>;
}

/**
 * Synchronous, unlike `startEngine`: a start-up error (SchemaTooNewError, DatabaseCorruptError, SQLITE_BUSY…)
 * throws here for the start-up error page, and the window opens before the cache is warmed (main.ts warms it
 * after) — the port is opened later too, and failing to open it is not fatal for the app.
 */
export function startDesktopEngine(opts: DesktopEngineOptions): DesktopEngine {
  const engine = createEngine({
    dbPath: opts.dbPath,
    demo: opts.demo,
    ...(opts.httpRateLimit ? { httpRateLimit: opts.httpRateLimit } : {}),
    ...(opts.workers ? { workers: opts.workers } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.printPdf ? { printPdf: opts.printPdf } : {}),
    backup: opts.backups === false ? false : { intervalMs: DAY_MS, onShutdown: true },
    // No renderer over this port: the window loads it from app://.
    http: { port: opts.httpPort ?? 0, rendererDir: null },
  });
  const hub = engine.live;
  if (!hub) {
    void engine.close({ shutdownBackup: false });
    throw new Error('the desktop engine needs its live hub');
  }
  engine.startHealth();
  return { ...engine, hub, invoke: (name, input) => engine.ipc.invoke(name, input) };
}
