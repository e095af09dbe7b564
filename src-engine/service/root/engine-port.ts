/**
 * The engine's one HTTP port (127.0.0.1): `kira serve` opens it during start, the desktop app when something needs
 * it (the benchmark panel measuring the real stack, `KIRA_HTTP_PORT`). The engine closes it in its shutdown
 * order (after a running benchmark stopped, before the pool and the database).
 */
import { openHttpPort, type HttpPort, type HttpPortOptions } from '../http/port.js';
import type { Engine } from './engine.js';

export interface EnginePort {
  /** The port, opened by the first caller; concurrent callers share the same opening. */
  ensure(): Promise<HttpPort>;
  isOpen(): boolean;
  close(): Promise<void>;
}

/** `engine` is read only when the port opens (the engine object holds this port, so it is made first). */
export function enginePort(engine: () => Engine, opts: HttpPortOptions = {}): EnginePort {
  let opening: Promise<HttpPort> | null = null;
  let closed = false;
  return {
    ensure() {
      if (closed) return Promise.reject(new Error('the engine is shutting down'));
      opening ??= openHttpPort(engine(), opts).catch((e: unknown) => {
        opening = null; // a port in use now may be free later
        throw e;
      });
      return opening;
    },
    isOpen: () => opening !== null,
    async close() {
      // Closed for good: an opening asked for after this (a late benchmark) must not leave a port behind.
      closed = true;
      const p = opening;
      opening = null;
      // A failed opening has nothing to close.
      if (p)
        await p.then(
          (h) => h.close(),
          () => undefined,
        );
    },
  };
}
