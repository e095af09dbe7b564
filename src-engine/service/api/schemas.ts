/**
 * JSON Schemas of every handler's input, one object per call: query parameters and `:id` path segments as
 * top-level fields, a request body under `body`. They are the contract's declarations themselves (core/api/,
 * TypeBox builds plain JSON Schema), so HTTP and IPC validate with exactly what the types and docs say.
 */
import { API, HANDLER_NAMES, type HandlerName } from '../../core/api/index.js';

export type JsonSchema = Record<string, unknown>;

// The request caps (core/validate/limits.ts), for the transports and handlers that read them from here.
export { LIMITS } from '../../core/validate/limits.js';

export const SCHEMAS = Object.fromEntries(HANDLER_NAMES.map((n) => [n, API[n].input as JsonSchema])) as Record<HandlerName, JsonSchema>;
