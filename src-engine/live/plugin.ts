/**
 * The live transports as one fastify plugin:
 *   GET /api/dashboard/streaming/aggregate[/]?company=ID   Server-Sent Events
 *   GET /api/dashboard/ws?company=ID                       WebSocket (upgrade)
 * Register with `app.register(livePlugin, { store, security, hub })`. Both routes apply the service's Host/
 * Origin/auth checks themselves (the upgrade never reaches fastify's hooks, and the SSE route should not rely
 * on a hook registered elsewhere); open streams are ended on `app.close()`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Store } from '../store/store.js';
import { createLiveHub } from './create-hub.js';
import type { LiveHub, LiveHubOptions } from './hub.js';
import { DEFAULT_LIMITS, type DropInfo, type StreamLimits } from './limits.js';
import { parseLastEventId } from './resume.js';
import { resolveCompany } from './source.js';
import { openSseStream, type SseStream } from './sse.js';
import { createWsEndpoint } from './ws.js';

const SSE_PATH = '/api/dashboard/streaming/aggregate';
const WS_PATH = '/api/dashboard/ws';

/** The part of the service's `Security` the live routes need (both throw a KiraError to refuse). */
export interface LiveSecurity {
  checkOrigin(headers: IncomingHttpHeaders): void;
  authenticate(headers: IncomingHttpHeaders): unknown;
}

export interface LivePluginOptions {
  store: Store;
  security: LiveSecurity;
  /** The hub the rest of the app publishes progress to; created here (and closed with the app) when absent. */
  hub?: LiveHub;
  limits?: Partial<StreamLimits>;
  /** When the hub is created here: the subscribers gauge (`metrics.setLiveSubscribers.bind(metrics)`). */
  onSubscribersChanged?: LiveHubOptions<unknown>['onSubscribersChanged'];
  /** A subscriber dropped for backpressure or a dead peer (logs, metrics, tests). */
  onDrop?: (info: DropInfo) => void;
  /**
   * The service's rate limit for WebSocket upgrades (they never reach fastify's hooks): seconds to wait, 0 to
   * admit. The SSE route is an ordinary route, limited by the service's hook.
   */
  admitUpgrade?: (req: IncomingMessage) => number;
}

// eslint-disable-next-line @typescript-eslint/require-await -- fastify's plugin contract: the returned promise tells it registration finished, and turns a throw into a registration error
export async function livePlugin(app: FastifyInstance, opts: LivePluginOptions): Promise<void> {
  const limits: StreamLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const ownHub = !opts.hub;
  const hub: LiveHub =
    opts.hub ?? createLiveHub(opts.store, opts.onSubscribersChanged ? { onSubscribersChanged: opts.onSubscribersChanged } : {});
  const db = opts.store.db;
  const onDrop = opts.onDrop ?? (() => {});
  const streams = new Set<SseStream>();

  const sse = async (req: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply): Promise<void> => {
    // A refusal throws: the app's error handler answers it (a kind becomes a status in the transports, above live).
    opts.security.checkOrigin(req.headers);
    opts.security.authenticate(req.headers);
    const companyId = resolveCompany(db, req.query.company);
    // HEAD (fastify exposes one for every GET): the headers of a stream, no stream — Node drops the body
    // writes of a HEAD response, so a hijacked stream would never end.
    if (req.method === 'HEAD') {
      void reply.code(200).header('cache-control', 'no-store').type('text/event-stream').send();
      return;
    }
    // EventSource sends the header on reconnects; `last_event_id` lets a fresh page resume too.
    const lastId = parseLastEventId(req.headers['last-event-id']) ?? parseLastEventId(req.query.last_event_id);
    reply.hijack();
    const stream = openSseStream(hub, reply.raw, companyId, lastId, limits, (s, drop) => {
      streams.delete(s);
      if (drop) onDrop(drop);
    });
    streams.add(stream);
  };
  app.get(SSE_PATH, sse);
  // With ignoreTrailingSlash the router already maps the slash form onto the route above.
  if (!app.hasRoute({ method: 'GET', url: `${SSE_PATH}/` })) app.get(`${SSE_PATH}/`, sse);

  const ws = createWsEndpoint(
    hub,
    {
      checkOrigin: (req: IncomingMessage) => opts.security.checkOrigin(req.headers),
      authenticate: (req: IncomingMessage) => void opts.security.authenticate(req.headers),
      resolveCompany: (raw) => resolveCompany(db, raw),
    },
    limits,
    onDrop,
  );
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path === WS_PATH || path === `${WS_PATH}/`) {
      const wait = opts.admitUpgrade?.(req) ?? 0;
      if (wait > 0) socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${wait}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else ws.handleUpgrade(req, socket, head);
    }
    // Nobody else takes upgrades: answer instead of leaving the socket hanging.
    else if (app.server.listenerCount('upgrade') === 1)
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  };
  app.server.on('upgrade', onUpgrade);

  app.addHook('preClose', () => {
    app.server.off('upgrade', onUpgrade);
    for (const s of [...streams]) s.close();
    ws.close();
    if (ownHub) hub.close();
  });
}
