/**
 * The shapes a registry entry can take. Separate from registry.ts so handler modules can import them
 * without a cycle. Input and result types come from the contract (core/api/): a handler that answers
 * something other than its declared result fails to compile.
 */
import type { ApiInput, ApiResult, HandlerName } from '../../core/api/index.js';
import type { CacheTags } from '../common/cache.js';
import { KiraError } from '../../core/errors.js';
import type { FileBody, HandlerContext, RawJson, TextBody, WithStatus } from './context.js';
import type { JsonSchema } from './schemas.js';

/**
 * What `handle()` may return: the declared result, or it wrapped with another status (health's 503, cancel's
 * 200). Text, a file or already-serialised JSON only where the declaration says so: the metrics text, the
 * export (a file over HTTP; its text over IPC) and batch (cached bodies spliced in).
 */
type Special<N extends HandlerName> = N extends 'dashboard.metrics'
  ? TextBody
  : N extends 'dashboard.export'
    ? FileBody
    : N extends 'dashboard.batch'
      ? RawJson
      : never;
export type Returned<N extends HandlerName> = ApiResult<N> | WithStatus<ApiResult<N>> | Special<N>;

export interface PlainHandler<N extends HandlerName> {
  kind: 'plain';
  write?: boolean;
  handle(ctx: HandlerContext, input: ApiInput<N>): Returned<N> | Promise<Returned<N>>;
}

/**
 * A dashboard view: served through the response cache. `resolve` returns the fully resolved parameters (the
 * cache key: defaults filled, so equivalent requests share one entry) and the tags invalidation matches on;
 * `compute` gets those same parameters back (`P`, linked by `defineView`).
 */
export interface ViewHandler<N extends HandlerName, P extends object = object> {
  kind: 'view';
  resolve(ctx: HandlerContext, input: ApiInput<N>): { params: P; tags: CacheTags };
  compute(ctx: HandlerContext, params: P): ApiResult<N> | Promise<ApiResult<N>>;
}

/**
 * A view handler whose parameter type ties `resolve` to `compute`. It fits the table's `ViewHandler<N>` without a
 * cast: method parameters compare bivariantly, and the cache hands `compute` exactly what `resolve` returned.
 */
export function defineView<N extends HandlerName, P extends object>(view: Omit<ViewHandler<N, P>, 'kind'>): ViewHandler<N> {
  return { kind: 'view', ...view };
}

export type HandlerEntry<N extends HandlerName> = PlainHandler<N> | ViewHandler<N>;
export type HandlerTable = { [N in HandlerName]: HandlerEntry<N> };

export interface RegisteredHandler<N extends HandlerName> {
  name: N;
  schema: JsonSchema;
  cached: boolean;
  write: boolean;
  /** The declared success status (201 for creates, 202 for a started run). */
  status: number;
  entry: HandlerEntry<N>;
}

export class NotAvailableError extends KiraError {
  constructor(name: string) {
    super('not_implemented', 'not_implemented', `${name} is not available in this build yet`, { handler: name });
  }
}
