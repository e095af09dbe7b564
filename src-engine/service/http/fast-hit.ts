/**
 * The cache-hit path: the first half of the HTTP layer's request listener (http.ts installs it, with fastify's
 * routing as the second half). A cached dashboard view is a string the cache already holds, yet routing, the
 * request/reply objects and the hooks cost more than everything else on that path. This answers only the
 * plainest case — GET of a cached view, Host/Origin accepted, authenticated, within the owner's rate cap, no
 * `no-cache`, valid parameters, entry present — with the same headers as the full path; anything else (errors
 * included) goes to fastify unchanged, so every refusal still has one implementation.
 *
 * Auth cannot be skipped here: the path must be byte for byte one of the cached routes' own paths (no decoding,
 * no absolute form, no dot segments), and even then nothing is answered without the token. Every other spelling
 * falls to fastify, which authenticates by the route its router matched (http.ts).
 *
 * What a hit costs beyond writing the bytes is kept to map lookups: a raw URL's cache key is remembered (see
 * `UrlKeys`), so the query is parsed, validated and resolved once, not per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROUTES, type HandlerName } from '../../core/api/index.js';
import type { Dispatch } from '../api/dispatch.js';
import { etagMatches } from './app.js';
import type { AccessLimits } from './rate-limit.js';
import type { Principal, Security } from './security.js';

export interface HitPathDeps {
  dispatch: Dispatch;
  security: Security;
  limits: AccessLimits;
  /** The store's change feed: any change forgets every remembered key (a company or its time zone may be gone). */
  subscribe: (listener: () => void) => () => void;
  /**
   * Told about every answer given here (the full path's onResponse hook never sees them), in batches: see
   * `flushAnswers`.
   */
  onAnswer: (name: HandlerName, status: number, seconds: number) => void;
}

export interface HitPathStats {
  /** Requests answered by the hit path. */
  answered: number;
  /** Requests handed to fastify. */
  passed: number;
}

export interface HitPath {
  /** Answers and returns true, or returns false having written nothing (the caller hands the request on). */
  answer(req: IncomingMessage, res: ServerResponse): boolean;
  stats(): HitPathStats;
  /**
   * Hand the answers given so far to `onAnswer`. Recording each one into the metrics as it is given cost more
   * than the rest of a hit (prom-client hashes the labels on every call, and under load each call runs cold);
   * recorded in a batch, they cost a fraction. Flushed before fastify handles any request (so a metrics scrape
   * over HTTP counts every earlier answer), at most 50 ms after an answer, every 1,024 answers, and on close.
   */
  flushAnswers(): void;
  close(): void;
}

const CACHED_GET = new Map<string, HandlerName>(
  (Object.keys(ROUTES) as HandlerName[])
    .filter((n) => ROUTES[n].method === 'GET' && (ROUTES[n] as { cached?: boolean }).cached === true)
    .flatMap((n) => [[ROUTES[n].path, n] as const, [`${ROUTES[n].path}/`, n] as const]),
);

interface Resolved {
  name: HandlerName;
  key: string;
  /** The key holds for clock readings in [from, until): the second it was resolved in (see `UrlKeys`). */
  from: number;
  until: number;
}

/**
 * Raw URL → the cache key its query resolves to. A key depends on the query, the company's row (existence, time
 * zone) and the company's today. Today can change only at a whole second (time-zone offsets are whole seconds),
 * so a key is reused only within the second of the clock it was resolved in; any change on the feed (which also
 * carries other processes' commits, published by the freshness check) forgets them all. A key whose company
 * changed in between is harmless in any case: such a change drops that company's entries, so the lookup misses
 * and the full path answers. Bounded: a flood of distinct URLs only clears the map.
 */
class UrlKeys {
  private readonly map = new Map<string, Resolved>();
  private static readonly MAX = 512;

  constructor(private readonly dispatch: Dispatch) {}

  get(url: string, now: number): Resolved | null {
    const known = this.map.get(url);
    if (known !== undefined && now >= known.from && now < known.until) return known;
    const q = url.indexOf('?');
    const name = CACHED_GET.get(q === -1 ? url : url.slice(0, q));
    if (name === undefined || !this.dispatch.keyOf) return null;
    const input: Record<string, string> = {};
    if (q !== -1) {
      for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
        // A repeated key is an array to the full path's parser: let it decide.
        if (Object.hasOwn(input, k)) return null;
        input[k] = v;
      }
    }
    const resolved = this.dispatch.keyOf(name, input);
    if (resolved === null) return null;
    const from = Math.floor(resolved.at / 1000) * 1000;
    const entry = { name, key: resolved.key, from, until: from + 1000 };
    if (this.map.size >= UrlKeys.MAX) this.map.clear();
    this.map.set(url, entry);
    return entry;
  }

  clear(): void {
    this.map.clear();
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A cached body's UTF-8 bytes by its ETag (a digest of the text, so one ETag is one text): written as a Buffer,
 * a hit is not encoded again, nor measured for content-length, on every request. Bounded; cleared when full.
 */
class Bodies {
  private readonly map = new Map<string, Buffer>();
  private static readonly MAX = 64;

  of(etag: string, text: string): Buffer {
    let bytes = this.map.get(etag);
    if (bytes === undefined) {
      if (this.map.size >= Bodies.MAX) this.map.clear();
      this.map.set(etag, (bytes = Buffer.from(text, 'utf8')));
    }
    return bytes;
  }
}

export function createHitPath(deps: HitPathDeps): HitPath {
  const { dispatch, security, limits, onAnswer } = deps;
  const { peekKey, clock } = dispatch;
  if (!peekKey || !clock || !dispatch.keyOf) throw new Error('the cache-hit path needs a dispatcher with keyOf, peekKey and clock');
  const keys = new UrlKeys(dispatch);
  const bodies = new Bodies();
  const unsubscribe = deps.subscribe(() => keys.clear());
  const stats: HitPathStats = { answered: 0, passed: 0 };
  const BATCH = 1024;
  const names: HandlerName[] = [];
  const statuses = new Uint16Array(BATCH);
  const seconds = new Float64Array(BATCH);
  let timer: NodeJS.Timeout | null = null;
  const flushAnswers = (): void => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    const n = names.length;
    for (let i = 0; i < n; i++) onAnswer(names[i]!, statuses[i]!, seconds[i]!);
    names.length = 0;
  };
  const record = (name: HandlerName, status: number, s: number): void => {
    const i = names.length;
    names.push(name);
    statuses[i] = status;
    seconds[i] = s;
    if (i + 1 >= BATCH) flushAnswers();
    else if (timer === null) {
      timer = setTimeout(flushAnswers, 50);
      timer.unref();
    }
  };

  const tryAnswer = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined) return false;
    const started = performance.now();
    const h = req.headers;
    if (h['cache-control'] !== undefined || h.pragma !== undefined) return false;
    let principal: Principal;
    try {
      security.checkOrigin(h);
      principal = security.authenticate(h, req.socket);
    } catch {
      return false;
    }
    const found = keys.get(url, clock());
    if (found === null) return false;
    const out = peekKey(found.name, found.key);
    if (out === null || out.kind !== 'json' || !out.etag) return false;
    // Charged only when answered here, else fastify charges it. Over a cap the owner asked for, fastify answers
    // the 429 (charging that bucket once more, which only delays the refill).
    if (limits.take(principal, req.socket.remoteAddress, Date.now()) > 0) return false;
    const inm = h['if-none-match'];
    if (inm !== undefined && etagMatches(inm, out.etag)) {
      res.writeHead(304, ['content-type', JSON_TYPE, 'etag', out.etag, 'cache-control', 'no-cache', 'x-cache', 'hit']);
      res.end();
      record(found.name, 304, (performance.now() - started) / 1000);
    } else {
      const body = bodies.of(out.etag, out.text);
      res.writeHead(200, [
        'content-type',
        JSON_TYPE,
        'etag',
        out.etag,
        'cache-control',
        'no-cache',
        'x-cache',
        'hit',
        'content-length',
        String(body.length),
      ]);
      res.end(body);
      record(found.name, 200, (performance.now() - started) / 1000);
    }
    return true;
  };

  return {
    answer(req, res) {
      const done = tryAnswer(req, res);
      if (done) stats.answered++;
      else stats.passed++;
      return done;
    },
    stats: () => ({ ...stats }),
    flushAnswers,
    close: () => {
      flushAnswers();
      unsubscribe();
    },
  };
}
