/**
 * The typed handler registry: one entry per `HandlerName` of the contract (core/api/) (the mapped type makes a missing one
 * a compile error). Every transport is generated from it: routes (http.ts), the IPC dispatcher (ipc.ts) and
 * batch; cross-cutting behaviour (validation, caching, error mapping) wraps these entries in dispatch.ts.
 */
import { API, type HandlerName } from '../../core/api/index.js';
import type { HandlerTable, RegisteredHandler } from './handler-types.js';
import { SCHEMAS } from './schemas.js';
import { dashboardHandlers } from './handlers/dashboard.js';
import { entityHandlers } from './handlers/entities.js';
import { systemHandlers } from './handlers/system.js';
import { benchHandlers } from './handlers/bench.js';
import { reportHandlers } from './handlers/reports.js';
import { importFormatHandlers } from './handlers/import-formats.js';

const HANDLERS: HandlerTable = {
  ...dashboardHandlers,
  ...entityHandlers,
  ...systemHandlers,
  ...benchHandlers,
  ...reportHandlers,
  ...importFormatHandlers,
};

export function registered<N extends HandlerName>(name: N): RegisteredHandler<N> {
  const entry = HANDLERS[name];
  return {
    name,
    schema: SCHEMAS[name],
    cached: entry.kind === 'view',
    write: entry.kind === 'plain' && entry.write === true,
    status: API[name].status,
    entry,
  };
}
