/**
 * An HTTP port over an engine: the fastify app generated from the registry, the guard (token, Host/Origin,
 * rate limit), request metrics, the live stream and, when built, the renderer at `/`. Always 127.0.0.1.
 * The engine owns the one it serves (`engine.http`, service/root/engine-port.ts) and closes it in its shutdown order.
 */
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROUTES, type HandlerName } from '../../core/api/index.js';
import { livePlugin } from '../../live/plugin.js';
import { packageRoot } from '../../package-root.js';
import type { Store } from '../../store/store.js';
import type { ResponseCache } from '../common/cache.js';
import type { Dispatch } from '../api/dispatch.js';
import type { Engine } from '../root/engine.js';
import { createHitPath } from './fast-hit.js';
import { buildHttpApp } from './app.js';
import type { EngineMetrics } from '../common/metrics.js';
import { AccessLimits, ownerCap, type RateLimitOptions } from './rate-limit.js';
import { Security, type Principal } from './security.js';
import { registerRenderer } from './static.js';

export interface ServiceContext {
  store: Store;
  cache: ResponseCache;
  security: Security;
  dispatch: Dispatch;
  metrics: EngineMetrics;
  /** Set once listening. */
  port(): number;
}

/** A fastify plugin added before listen; a WebSocket upgrade calls `security.checkUpgrade` itself. */
export type ServerPlugin = (app: FastifyInstance, ctx: ServiceContext) => Promise<void> | void;

export interface HttpPortOptions {
  port?: number;
  token?: string;
  benchToken?: string;
  /** Requests without a valid credential, per remote address (default `DEFAULT_RATE_LIMIT`). */
  rateLimit?: RateLimitOptions;
  /** A cap in requests per second on the owner's token (default: the engine's `httpRateLimit`, else none). */
  ownerRateLimit?: number;
  /** Built renderer to serve at `/` (default dist-renderer/ when present; null: none). */
  rendererDir?: string | null;
  plugins?: ServerPlugin[];
}

export interface HttpPort {
  url: string;
  port: number;
  token: string;
  /** For the benchmark's load generator: authenticated, not rate limited. */
  benchToken: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function openHttpPort(engine: Engine, opts: HttpPortOptions = {}): Promise<HttpPort> {
  const { store, cache, dispatch, metrics } = engine;
  const security = new Security({ token: opts.token, benchToken: opts.benchToken });
  const ownerPerSecond = opts.ownerRateLimit ?? engine.httpRateLimit;
  const limits = new AccessLimits({ anonymous: opts.rateLimit, owner: ownerPerSecond ? ownerCap(ownerPerSecond) : null });
  // Cache hits of dashboard views are answered in front of fastify's routing (fast-hit.ts, installed by http.ts).
  const hitPath = createHitPath({
    dispatch,
    security,
    limits,
    subscribe: (listener) => store.changes.subscribe(listener),
    onAnswer: (name, status, seconds) => metrics.recordRequest(name, status, seconds),
  });
  const app = buildHttpApp({ dispatch, security, limits, hitPath });
  app.addHook('onClose', (_instance, done) => {
    hitPath.close();
    done();
  });
  const routeNames = new Map<string, HandlerName>(Object.entries(ROUTES).map(([n, r]) => [`${r.method} ${r.path}`, n as HandlerName]));
  app.addHook('onResponse', async (req, reply) => {
    const name = routeNames.get(`${req.method} ${req.routeOptions.url ?? ''}`);
    metrics.recordRequest(name ?? (req.url.startsWith('/api') ? 'unmatched' : 'static'), reply.statusCode, reply.elapsedTime / 1000);
  });
  let port = 0;
  const rendererDir = opts.rendererDir === undefined ? join(packageRoot(), 'dist-renderer') : opts.rendererDir;
  if (rendererDir && existsSync(rendererDir)) registerRenderer(app, rendererDir, () => port);
  // The engine's hub: this port's SSE/WebSocket subscribers see the same events as every other transport.
  // A WebSocket upgrade is charged like any request: to the owner's bucket with a valid token, else to the address's.
  const admitUpgrade = (req: IncomingMessage): number => {
    let principal: Principal | undefined;
    try {
      security.checkOrigin(req.headers);
      principal = security.authenticate(req.headers);
    } catch {
      principal = undefined;
    }
    // Real time, not the engine's business clock: a rate bucket refills with elapsed time.
    return limits.take(principal, req.socket.remoteAddress, Date.now());
  };
  if (engine.live) await app.register(livePlugin, { store, security, hub: engine.live, admitUpgrade });
  const ctx: ServiceContext = { store, cache, security, dispatch, metrics, port: () => port };
  for (const plugin of opts.plugins ?? []) await app.register(async (instance) => plugin(instance, ctx));
  try {
    await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  } catch (e) {
    await app.close();
    throw e;
  }
  port = (app.server.address() as AddressInfo).port;
  security.setPort(port);
  return { url: `http://127.0.0.1:${port}`, port, token: security.token, benchToken: security.benchToken, app, close: () => closeApp(app) };
}

/** Requests in flight get this long to finish when the port closes; then their connections are cut. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Close the port: idle keep-alive connections at once (fastify), requests in flight after a grace period, so a
 * client that never finishes its request (or never reads its answer) cannot hold the shutdown and its backup.
 */
async function closeApp(app: FastifyInstance): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
