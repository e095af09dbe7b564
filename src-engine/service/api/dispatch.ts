/**
 * The wrapper chain every transport calls: validate → (view: resolve → cache) | handle → outcome, with
 * errors mapped to the one shape. HTTP, IPC and batch all go through `dispatch`, so they answer alike.
 */
import type { HandlerName } from '../../core/api/index.js';
import { memoizeCompanies } from '../../dashboard/company.js';
import type { Store } from '../../store/store.js';
import type { ApiInput } from '../../core/api/index.js';
import { cacheKey, type ResponseCache } from '../common/cache.js';
import {
  FileBody,
  RawJson,
  TextBody,
  WithStatus,
  type CallOptions,
  type HandlerContext,
  type Outcome,
  type ServiceHooks,
} from './context.js';
import { toErrorReply } from '../common/error-shape.js';
import { registered } from './registry.js';
import { validateInput } from './validate.js';

export interface DispatcherDeps {
  store: Store;
  cache: ResponseCache;
  hooks: ServiceHooks;
  now?: () => Date;
  /** Told about unexpected (500) failures; the caller logs them. Their details never reach the client. */
  onInternalError?: (name: HandlerName, e: unknown) => void;
  /** Told about every answer (metrics count cache hits and misses per handler). */
  onOutcome?: (name: HandlerName, out: Outcome) => void;
}

/** Answers a call; `eager` is the same, but answers a cache hit synchronously (the HTTP hit path skips two promises). */
export type Dispatch = ((name: HandlerName, input: unknown, options?: CallOptions) => Promise<Outcome>) & {
  readonly eager?: (name: HandlerName, input: unknown, options?: CallOptions) => Outcome | Promise<Outcome>;
  /**
   * For the HTTP cache-hit path, which remembers a URL's key: the cache key a view's input resolves to and the
   * clock reading (ms) it was resolved at, or null (not a view, invalid input, unknown company; the full path
   * reports those); then the cached answer under a key, counted as a hit, or null (never computes).
   */
  readonly keyOf?: (name: HandlerName, input: unknown) => { key: string; at: number } | null;
  readonly peekKey?: (name: HandlerName, key: string) => Outcome | null;
  /** The clock the views resolve "today" with (ms since the epoch). */
  readonly clock?: () => number;
};

export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const now = deps.now ?? (() => new Date());
  // Every view resolves its company (twice); the service's writes all reach this feed, so the rows can be kept.
  memoizeCompanies(deps.store.db, (listener) => deps.store.changes.subscribe(listener));
  // registered() builds a descriptor per call; the table is fixed, so look each name up once.
  const entries = new Map<HandlerName, ReturnType<typeof registered>['entry']>();
  const entryOf = (name: HandlerName) => {
    let e = entries.get(name);
    if (!e) entries.set(name, (e = registered(name).entry));
    return e;
  };

  const run = <N extends HandlerName>(name: N, raw: unknown, options: CallOptions): Outcome | Promise<Outcome> => {
    const ctx: HandlerContext = { store: deps.store, cache: deps.cache, now, hooks: deps.hooks, options, dispatch };
    const entry = entryOf(name);
    const input = validateInput(name, raw) as ApiInput<N>;
    if (entry.kind === 'view') {
      const { params, tags } = entry.resolve(ctx, input);
      const key = cacheKey(name, params as Record<string, unknown>);
      if (!options.noCache) {
        const hit = deps.cache.peek(key);
        if (hit) return { status: 200, kind: 'json', text: hit.text, etag: hit.etag, cache: 'hit' };
      }
      return deps.cache
        .get(key, tags, () => entry.compute(ctx, params), options.noCache)
        .then((found) => ({
          status: 200,
          kind: 'json',
          text: found.text,
          etag: found.etag,
          cache: options.noCache ? 'bypass' : found.hit ? 'hit' : 'miss',
        }));
    }
    return Promise.resolve(entry.handle(ctx, input)).then((value) => toOutcome(value, registered(name).status));
  };

  const failed = (name: HandlerName, e: unknown): Outcome => {
    const reply = toErrorReply(e);
    if (reply.status >= 500 && reply.status !== 501 && reply.status !== 503) deps.onInternalError?.(name, e);
    return { status: reply.status, kind: 'json', text: reply.text };
  };
  const settle = (name: HandlerName, out: Outcome): Outcome => {
    deps.onOutcome?.(name, out);
    return out;
  };

  function eager(name: HandlerName, input: unknown, options: CallOptions = {}): Outcome | Promise<Outcome> {
    let pending: Outcome | Promise<Outcome>;
    try {
      pending = run(name, input, options);
    } catch (e) {
      return settle(name, failed(name, e));
    }
    if (pending instanceof Promise) {
      return pending.then(
        (out) => settle(name, out),
        (e: unknown) => settle(name, failed(name, e)),
      );
    }
    return settle(name, pending);
  }

  async function dispatch(name: HandlerName, input: unknown, options: CallOptions = {}): Promise<Outcome> {
    return eager(name, input, options);
  }

  function keyOf(name: HandlerName, raw: unknown): { key: string; at: number } | null {
    const entry = entryOf(name);
    if (entry.kind !== 'view') return null;
    try {
      // One reading of the clock for the whole resolution, returned so the caller knows what "today" it used.
      const at = now();
      const ctx: HandlerContext = { store: deps.store, cache: deps.cache, now: () => at, hooks: deps.hooks, options: {}, dispatch };
      const { params } = entry.resolve(ctx, validateInput(name, raw));
      return { key: cacheKey(name, params as Record<string, unknown>), at: at.getTime() };
    } catch {
      return null;
    }
  }

  function peekKey(name: HandlerName, key: string): Outcome | null {
    const hit = deps.cache.peek(key);
    return hit ? settle(name, { status: 200, kind: 'json', text: hit.text, etag: hit.etag, cache: 'hit' }) : null;
  }

  // Without an injected clock, Date.now: the hit path reads the clock on every request and need not allocate a Date.
  const clock = deps.now ? () => now().getTime() : Date.now;
  return Object.assign(dispatch, { eager, keyOf, peekKey, clock });
}

function toOutcome(value: unknown, status: number): Outcome {
  if (value instanceof WithStatus) return toOutcome(value.value, value.status);
  if (value instanceof TextBody) return { status, kind: 'text', text: value.text, contentType: value.contentType };
  if (value instanceof FileBody)
    return { status, kind: 'file', stream: value.stream, contentType: value.contentType, filename: value.filename };
  if (value instanceof RawJson) return { status, kind: 'json', text: value.text };
  return { status, kind: 'json', text: JSON.stringify(value ?? null) };
}
