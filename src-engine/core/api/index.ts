/**
 * The API contract: one declaration per handler (method, path, success status, input and result schemas), in
 * one file per group beside this one. Everything else is derived from it: the HTTP routes and IPC channels, the
 * JSON Schemas both transports validate with (service/api/schemas.ts), the handlers' input and result types
 * (`ApiInput`, `ApiResult`), the renderer's typed client, and docs/api.md's tables (scripts/api-docs.ts).
 * Pure: the renderer imports it.
 */
import type { Static } from '@sinclair/typebox';
import { benchApi } from './bench.js';
import { dashboardApi } from './dashboard.js';
import type { Declaration, HttpMethod } from './declare.js';
import { importsApi } from './imports.js';
import { recordsApi } from './records.js';
import { reportsApi } from './reports.js';
import { systemApi } from './system.js';

export type { Declaration, HttpMethod } from './declare.js';
export type { BatchView } from './dashboard.js';

/** Every handler's declaration, keyed by its name (the IPC channel suffix and the registry key). */
export const API = {
  ...dashboardApi,
  ...systemApi,
  ...reportsApi,
  ...recordsApi,
  ...importsApi,
  ...benchApi,
} as const satisfies Record<string, Declaration>;

/** The declarations by group, as docs/api.md lists them. */
export const API_GROUPS = {
  Dashboard: dashboardApi,
  System: systemApi,
  Reports: reportsApi,
  Records: recordsApi,
  Imports: importsApi,
  Benchmark: benchApi,
} as const;

type Api = typeof API;
export type HandlerName = keyof Api;
export const HANDLER_NAMES = Object.keys(API) as HandlerName[];

/** What a handler takes: query parameters and `:id` at top level, the request body under `body`. */
export type ApiInput<N extends HandlerName> = Static<Api[N]['input']>;
/** What a handler answers with its success status (the JSON body over HTTP, `body` over IPC). */
export type ApiResult<N extends HandlerName> = Static<Api[N]['result']>;

export interface RouteSpec {
  method: HttpMethod;
  /** Fastify-style path; `:id` segments become the `id` input field. */
  path: string;
  /** Served from the response cache (GET views only). */
  cached: boolean;
}

/** The route table (HTTP method and path per handler), derived from the declarations. */
export const ROUTES = Object.fromEntries(
  HANDLER_NAMES.map((n) => [n, { method: API[n].method, path: API[n].path, cached: API[n].cached }]),
) as { readonly [N in HandlerName]: { readonly method: Api[N]['method']; readonly path: Api[N]['path']; readonly cached: boolean } };

/** IPC channel of a handler (Electron): one namespace, validated by the main process. */
export function ipcChannel(name: HandlerName): string {
  return `kira:${name}`;
}

export type { LiveEventName, LivePayload, ProgressEventName } from './live.js';

export type * from './inputs.js';
