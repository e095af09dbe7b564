/**
 * The wrapper chain every transport calls: validate → (view: resolve → cache) | handle → outcome, with
 * errors mapped to the one shape. HTTP, IPC and batch all go through `dispatch`, so they answer alike.
 */
import type { HandlerName } from '../core/api.js';
import type { Store } from '../store/store.js';
import type { ApiInput } from './api-types.js';
import { cacheKey, type ResponseCache } from './cache.js';
import { FileBody, RawJson, TextBody, WithStatus, type CallOptions, type HandlerContext, type Outcome, type ServiceHooks } from './context.js';
import { toErrorReply } from './error-shape.js';
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

export type Dispatch = (name: HandlerName, input: unknown, options?: CallOptions) => Promise<Outcome>;

export function createDispatcher(deps: DispatcherDeps): Dispatch {
  const now = deps.now ?? (() => new Date());

  const run = async <N extends HandlerName>(name: N, raw: unknown, options: CallOptions): Promise<Outcome> => {
    const ctx: HandlerContext = { store: deps.store, cache: deps.cache, now, hooks: deps.hooks, options, dispatch };
    const { entry } = registered(name);
    const input = validateInput(name, raw) as ApiInput<N>;
    if (entry.kind === 'view') {
      const { params, tags } = entry.resolve(ctx, input);
      const key = cacheKey(name, params as Record<string, unknown>);
      const found = await deps.cache.get(key, tags, () => entry.compute(ctx, params), options.noCache);
      return { status: 200, kind: 'json', text: found.text, etag: found.etag, cache: options.noCache ? 'bypass' : found.hit ? 'hit' : 'miss' };
    }
    return toOutcome(await entry.handle(ctx, input), entry.status ?? 200);
  };

  async function dispatch(name: HandlerName, input: unknown, options: CallOptions = {}): Promise<Outcome> {
    let out: Outcome;
    try {
      out = await run(name, input, options);
    } catch (e) {
      const reply = toErrorReply(e);
      if (reply.status >= 500 && reply.status !== 501 && reply.status !== 503) deps.onInternalError?.(name, e);
      out = { status: reply.status, kind: 'json', text: reply.text };
    }
    deps.onOutcome?.(name, out);
    return out;
  }
  return dispatch;
}

function toOutcome(value: unknown, status: number): Outcome {
  if (value instanceof WithStatus) return toOutcome(value.value, value.status);
  if (value instanceof TextBody) return { status, kind: 'text', text: value.text, contentType: value.contentType };
  if (value instanceof FileBody) return { status, kind: 'file', stream: value.stream, contentType: value.contentType, filename: value.filename };
  if (value instanceof RawJson) return { status, kind: 'json', text: value.text };
  return { status, kind: 'json', text: JSON.stringify(value ?? null) };
}
