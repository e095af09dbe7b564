/**
 * The shapes a registry entry can take. Separate from registry.ts so handler modules can import them
 * without a cycle.
 */
import type { HandlerName } from '../../core/api.js';
import type { CacheTags } from '../common/cache.js';
import { KiraError } from '../../core/errors.js';
import type { ApiInput } from './types.js';
import type { FileBody, HandlerContext, RawJson, TextBody, WithStatus } from './context.js';
import type { JsonSchema } from './schemas.js';

type Returned = unknown;
type Special = WithStatus<unknown> | TextBody | FileBody | RawJson;

export interface PlainHandler<N extends HandlerName> {
  kind: 'plain';
  /** Success status (201 for creates). */
  status?: number;
  write?: boolean;
  handle(ctx: HandlerContext, input: ApiInput<N>): Returned | Special | Promise<Returned | Special>;
}

/**
 * A dashboard view: served through the response cache. `resolve` returns the fully resolved parameters (the
 * cache key: defaults filled, so equivalent requests share one entry) and the tags invalidation matches on.
 */
export interface ViewHandler<N extends HandlerName> {
  kind: 'view';
  resolve(ctx: HandlerContext, input: ApiInput<N>): { params: object; tags: CacheTags };
  compute(ctx: HandlerContext, params: object): Returned | Promise<Returned>;
}

export type HandlerEntry<N extends HandlerName> = PlainHandler<N> | ViewHandler<N>;
export type HandlerTable = { [N in HandlerName]: HandlerEntry<N> };

export interface RegisteredHandler<N extends HandlerName> {
  name: N;
  schema: JsonSchema;
  cached: boolean;
  write: boolean;
  entry: HandlerEntry<N>;
}

export class NotAvailableError extends KiraError {
  constructor(name: string) {
    super(501, 'not_implemented', `${name} is not available in this build yet`, { handler: name });
  }
}
