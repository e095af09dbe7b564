/**
 * JSON Schemas of every handler's input, one object per call: query parameters and `:id` path segments as
 * top-level fields, a request body under `body`. They are the contract's declarations themselves (core/api/,
 * TypeBox builds plain JSON Schema), so HTTP and IPC validate with exactly what the types and docs say.
 */
import { API, HANDLER_NAMES, VIEW_LIMITS, type HandlerName } from '../../core/api/index.js';

export type JsonSchema = Record<string, unknown>;

/** Caps that keep one request from asking for unbounded work. */
export const LIMITS = {
  maxPageSize: VIEW_LIMITS.maxPageSize,
  maxPeriods: VIEW_LIMITS.maxPeriods,
  maxBatchRequests: VIEW_LIMITS.maxBatchRequests,
  jsonBodyBytes: 1024 * 1024,
  importBytes: 256 * 1024 * 1024,
} as const;

export const SCHEMAS = Object.fromEntries(HANDLER_NAMES.map((n) => [n, API[n].input as JsonSchema])) as Record<HandlerName, JsonSchema>;
