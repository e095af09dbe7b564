/**
 * Cache hits answered before fastify. A cached dashboard view is a string the cache already holds, yet routing,
 * the request/reply objects and the hooks cost more than everything else on that path (a bare fastify route
 * serves about 0.7× of bare `node:http`). This takes only the plainest case — GET of a cached view, Host/Origin
 * accepted, authenticated, within its rate limit, no `no-cache`, valid parameters, entry present — and answers
 * it with the same headers as the full path; anything else (errors included) goes to fastify unchanged, so
 * every refusal still has one implementation.
 *
 * Auth cannot be skipped here: the path must be byte for byte one of the cached routes' own paths (no decoding,
 * no absolute form, no dot segments), and even then nothing is answered without the token. Every other spelling
 * falls to fastify, which authenticates by the route its router matched (http.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROUTES, type HandlerName } from '../core/api.js';
import type { Dispatch } from './dispatch.js';
import { etagMatches } from './http.js';
import type { AccessLimits } from './rate-limit.js';
import type { Principal, Security } from './security.js';

export interface FastHitDeps {
  dispatch: Dispatch;
  security: Security;
  limits: AccessLimits;
  /** Told about every answer given here (the full path's onResponse hook never sees them). */
  onAnswer: (name: HandlerName, status: number, seconds: number) => void;
}

const CACHED_GET = new Map<string, HandlerName>(
  (Object.keys(ROUTES) as HandlerName[])
    .filter((n) => ROUTES[n].method === 'GET' && (ROUTES[n] as { cached?: boolean }).cached === true)
    .flatMap((n) => [[ROUTES[n].path, n] as const, [`${ROUTES[n].path}/`, n] as const]),
);

/** Answers and returns true, or returns false having written nothing. */
export function answerCachedHit(req: IncomingMessage, res: ServerResponse, deps: FastHitDeps): boolean {
  const started = performance.now();
  const url = req.url;
  if (req.method !== 'GET' || url === undefined || !deps.dispatch.peek) return false;
  const q = url.indexOf('?');
  const name = CACHED_GET.get(q === -1 ? url : url.slice(0, q));
  if (!name) return false;
  const h = req.headers;
  if (h['cache-control'] !== undefined || h.pragma !== undefined) return false;
  let input: Record<string, string>;
  let principal: Principal;
  try {
    deps.security.checkOrigin(h);
    principal = deps.security.authenticate(h, req.socket);
    input = {};
    if (q !== -1) {
      for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
        // A repeated key is an array to the full path's parser: let it decide.
        if (Object.hasOwn(input, k)) return false;
        input[k] = v;
      }
    }
  } catch {
    return false;
  }
  const out = deps.dispatch.peek(name, input);
  if (!out || out.kind !== 'json' || !out.etag) return false;
  // Charged only when answered here, else fastify charges it. Over a cap the owner asked for, fastify answers
  // the 429 (charging that bucket once more, which only delays the refill).
  if (deps.limits.take(principal, req.socket.remoteAddress, Date.now()) > 0) return false;
  const notModified = etagMatches(h['if-none-match'], out.etag);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    etag: out.etag,
    'cache-control': 'no-cache',
    'x-cache': 'hit',
  };
  if (notModified) {
    res.writeHead(304, headers);
    res.end();
  } else {
    headers['content-length'] = Buffer.byteLength(out.text);
    res.writeHead(200, headers);
    res.end(out.text);
  }
  deps.onAnswer(name, notModified ? 304 : 200, (performance.now() - started) / 1000);
  return true;
}
