/**
 * The desktop app's local HTTP port, opened only when something needs it: the benchmark panel measuring the real
 * stack, or the user setting `KIRA_HTTP_PORT`. It serves the engine already running in the main process (same
 * store, cache and live hub, so a write over HTTP reaches the window's live view) with the same guard as
 * `kira serve`: 127.0.0.1 only, a per-launch bearer token, Host/Origin pinned (`Security`), rate limit.
 */
import type { AddressInfo } from 'node:net';
import type { LiveHub } from '../src-engine/live/hub.js';
import { livePlugin } from '../src-engine/live/plugin.js';
import type { Dispatch } from '../src-engine/service/dispatch.js';
import { buildHttpApp } from '../src-engine/service/http.js';
import { DEFAULT_RATE_LIMIT, RateLimiter } from '../src-engine/service/rate-limit.js';
import { Security } from '../src-engine/service/security.js';
import type { Store } from '../src-engine/store/store.js';

export interface HttpPort {
  url: string;
  port: number;
  token: string;
  /** For the benchmark's load generator: authenticated, not rate limited. */
  benchToken: string;
  close(): Promise<void>;
}

export interface HttpEngine {
  store: Store;
  dispatch: Dispatch;
  hub: LiveHub;
}

export class InvalidHttpPortSetting extends Error {
  constructor(raw: string) {
    super(`KIRA_HTTP_PORT must be a port number from 0 to 65535 (0: any free port), not ${JSON.stringify(raw)}`);
    this.name = 'InvalidHttpPortSetting';
  }
}

/** `KIRA_HTTP_PORT`: null when unset (open on demand only); a bad value fails start-up loudly. */
export function httpPortSetting(env: Readonly<Record<string, string | undefined>>): number | null {
  const raw = env.KIRA_HTTP_PORT?.trim();
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new InvalidHttpPortSetting(raw);
  return Number(raw);
}

export async function openHttpPort(engine: HttpEngine, port = 0): Promise<HttpPort> {
  const security = new Security();
  const app = buildHttpApp({ dispatch: engine.dispatch, security, limiter: new RateLimiter(DEFAULT_RATE_LIMIT) });
  // The hub is the engine's: the port's SSE/WebSocket subscribers see the same events as the window.
  await app.register(livePlugin, { store: engine.store, security, hub: engine.hub });
  await app.listen({ host: '127.0.0.1', port });
  const actual = (app.server.address() as AddressInfo).port;
  security.setPort(actual);
  return { url: `http://127.0.0.1:${actual}`, port: actual, token: security.token, benchToken: security.benchToken, close: () => app.close() };
}

/** One port at most, opened by the first caller that needs it; concurrent callers share the same opening. */
export function httpPortOnDemand(engine: HttpEngine, port = 0): { ensure(): Promise<HttpPort>; isOpen(): boolean; close(): Promise<void> } {
  let opening: Promise<HttpPort> | null = null;
  return {
    ensure() {
      opening ??= openHttpPort(engine, port).catch((e: unknown) => {
        opening = null; // a port in use now may be free later
        throw e;
      });
      return opening;
    },
    isOpen: () => opening !== null,
    async close() {
      const p = opening;
      opening = null;
      // A failed opening has nothing to close.
      if (p) await p.then((h) => h.close(), () => undefined);
    },
  };
}
