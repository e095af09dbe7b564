/**
 * The HTTP transport, generated from the registry: one fastify route per `ROUTES` entry, all going through
 * `dispatch`. Security runs first on every request (request target, Host/Origin, token, rate limit) and
 * decides on the route the router matched, never on the URL text: the router decodes percent-escapes, merges
 * slashes and takes absolute-form targets, so text checks and routing disagree. Every route needs the token
 * unless it was registered with `config: { public: true }` (only the static page is); a request that matched
 * no route needs it too (default deny). Every error, including unknown routes and fastify's own, leaves in the
 * one JSON shape.
 *
 * The server's request listener is this layer's own: the cache-hit path (fast-hit.ts) first, then fastify's
 * routing. It is installed here, through fastify's `serverFactory`, and checked before the app is returned.
 */
import Fastify, { type FastifyHttpOptions, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ROUTES, type HandlerName } from '../../core/api/index.js';
import { PayloadTooLargeError } from '../../core/errors.js';
import type { Outcome } from '../api/context.js';
import type { Dispatch } from '../api/dispatch.js';
import type { HitPath } from './fast-hit.js';
import { errorBody, toErrorReply } from '../common/error-shape.js';
import { httpErrors } from './errors.js';
import { limitStream } from './limit-stream.js';
import type { AccessLimits } from './rate-limit.js';
import { LIMITS } from '../api/schemas.js';
import type { Principal, Security } from './security.js';
import { takesBody } from '../api/validate.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyInstance {
    /** The cache-hit path in front of the routes: its counts say how many requests it answered. */
    hitPath: HitPath;
  }
}

export interface HttpDeps {
  dispatch: Dispatch;
  security: Security;
  limits: AccessLimits;
  /** Tried first on every request; what it does not answer goes to fastify's routing. */
  hitPath: HitPath;
}

/** Route config marking a route that answers without the token (the static page). Anything else needs it. */
export interface PublicRouteConfig {
  public?: boolean;
}

export const PUBLIC_ROUTE: PublicRouteConfig = { public: true };

const IMPORTS: readonly HandlerName[] = ['import.expenses', 'import.invoices', 'import.preview', 'import.statement'];

export function buildHttpApp(deps: HttpDeps): FastifyInstance {
  let listener: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const app = Fastify({
    // The one place the listener is made: hit path, else fastify's handler. The server gets the settings fastify
    // gives the servers it creates itself (lib/server.js), so only the listener differs.
    serverFactory: (routing, options: FastifyHttpOptions<Server>) => {
      const hits = deps.hitPath;
      listener = (req, res) => {
        if (hits.answer(req, res)) return;
        hits.flushAnswers();
        routing(req, res);
      };
      const server = createServer(options.http ?? {}, listener);
      if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
      if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
      if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
      if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
      return server;
    },
    logger: false,
    bodyLimit: LIMITS.jsonBodyBytes,
    routerOptions: { ignoreTrailingSlash: true },
    // A stack trace or a framework message must never reach a client; errors go through setErrorHandler.
    return503OnClosing: true,
    // Without this Node answers a Host-less HTTP/1.1 request itself (empty 400); Security refuses it as JSON 403.
    http: { requireHostHeader: false },
    // Requests Node's HTTP parser refuses (bad request line, oversized headers) and URLs the router cannot
    // decode never reach the hooks below; they too answer in the one error shape (test/reliability/fuzz).
    clientErrorHandler: (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, code, message] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'headers_too_large', 'the request headers are too large']
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'request_timeout', 'the request took too long to arrive']
            : [400, 'bad_request', 'malformed HTTP request'];
      const body = errorBody(code, message);
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy();
    },
    frameworkErrors: (_err, _req, reply) => {
      const r = reply as unknown as FastifyReply;
      void r
        .code(400)
        .type('application/json; charset=utf-8')
        .send(errorBody('bad_request', 'the request URL cannot be decoded', { param: 'url' }));
    },
  });

  const installed = app.server.listeners('request');
  if (listener === null || installed.length !== 1 || installed[0] !== listener) {
    throw new Error(
      'the HTTP layer could not install its request listener (cache-hit path, then fastify): fastify did not use serverFactory',
    );
  }
  app.decorate('hitPath', deps.hitPath);

  // Callback style, not async: this runs on every request, and an async hook costs a promise and a tick.
  // onRequest runs after routing, so `routeOptions` is the route that will answer (or the not-found handler).
  app.addHook('onRequest', (req, reply, done) => {
    let refusal: unknown;
    let principal: Principal | undefined;
    try {
      deps.security.checkTarget(req.raw.url);
      deps.security.checkOrigin(req.headers);
      if (req.headers.authorization !== undefined || !(req.routeOptions.config as PublicRouteConfig).public) {
        principal = deps.security.authenticate(req.headers, req.raw.socket);
      }
    } catch (e) {
      refusal = e;
    }
    // Charged by who is calling: a refused request or a public one to the address's anonymous bucket.
    const wait = deps.limits.take(refusal === undefined ? principal : undefined, req.socket.remoteAddress, Date.now());
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      done(httpErrors.rateLimited());
      return;
    }
    if (refusal !== undefined) {
      done(refusal as Error);
      return;
    }
    if (principal !== undefined) req.principal = principal;
    done();
  });

  app.setErrorHandler((err, _req, reply) => {
    const out = toErrorReply(err);
    void reply.code(out.status).type('application/json; charset=utf-8').send(out.text);
  });

  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send(errorBody('not_found', `no route ${req.method} ${req.url.split('?')[0]}`, { method: req.method }));
  });

  for (const name of Object.keys(ROUTES) as HandlerName[]) {
    if (IMPORTS.includes(name)) continue;
    app.route({ method: ROUTES[name].method, url: ROUTES[name].path, handler: (req, reply) => handle(name, req, reply, deps.dispatch) });
  }

  // Imports stream their CSV body (any content type) to the importer with their own, larger cap.
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify's plugin contract: async turns a throw into a registration error
  void app.register(async (child) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (req, payload, done) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > LIMITS.importBytes)
        return done(new PayloadTooLargeError(`an import may be at most ${LIMITS.importBytes} bytes`), undefined);
      done(null, limitStream(payload, LIMITS.importBytes));
    });
    for (const name of IMPORTS) {
      child.route({
        method: ROUTES[name].method,
        url: ROUTES[name].path,
        handler: (req, reply) => handle(name, req, reply, deps.dispatch),
      });
    }
  });

  return app;
}

const NO_CACHE = /\bno-cache\b/i;

/** Synchronous when the answer is a cache hit (no promise on the hot path); otherwise a promise fastify awaits. */
function handle(name: HandlerName, req: FastifyRequest, reply: FastifyReply, dispatch: Dispatch): Promise<FastifyReply> | undefined {
  const input: Record<string, unknown> = { ...(req.query as object), ...(req.params as object) };
  if (takesBody(name) && req.body !== undefined) input.body = req.body;
  const cc = req.headers['cache-control'];
  const pragma = req.headers.pragma;
  const noCache = (cc !== undefined && NO_CACHE.test(cc)) || (pragma !== undefined && NO_CACHE.test(String(pragma)));
  const out = (dispatch.eager ?? dispatch)(name, input, { noCache });
  if (out instanceof Promise) return out.then((o) => send(req, reply, o));
  send(req, reply, out);
  return undefined;
}

function send(req: FastifyRequest, reply: FastifyReply, out: Outcome): FastifyReply {
  reply.code(out.status);
  if (out.kind === 'file') {
    const safe = out.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply.type(out.contentType).header('content-disposition', `attachment; filename="${safe}"`).send(out.stream);
  }
  if (out.kind === 'text') return reply.type(out.contentType).send(out.text);
  reply.type('application/json; charset=utf-8');
  if (out.etag) {
    // no-cache for the browser: it must revalidate, which a matching ETag answers with an empty 304.
    reply.header('etag', out.etag).header('cache-control', 'no-cache');
    if (out.cache) reply.header('x-cache', out.cache);
    if (etagMatches(req.headers['if-none-match'], out.etag)) return reply.code(304).send();
  }
  return reply.send(out.text);
}

export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}
