/**
 * The benchmark panel's handlers: thin adapters over `ctx.hooks.bench` (bench/panel-runs.ts, wired by
 * startServer with the server's own address and bench token). Without it each answers 501.
 */
import { NotAvailableError, type HandlerTable } from '../handler-types.js';
import { WithStatus, type HandlerContext } from '../context.js';
import type { BenchRunsApi } from '../../../bench/panel-runs.js';
import type { HandlerName } from '../../../core/api/index.js';

function runs(ctx: HandlerContext, name: HandlerName): BenchRunsApi {
  if (!ctx.hooks.bench) throw new NotAvailableError(name);
  return ctx.hooks.bench;
}

export const benchHandlers: Pick<HandlerTable, 'bench.suites' | 'bench.start' | 'bench.list' | 'bench.get' | 'bench.cancel'> = {
  'bench.suites': { kind: 'plain', handle: (ctx) => ({ items: runs(ctx, 'bench.suites').suites() }) },

  'bench.start': {
    kind: 'plain',
    handle: (ctx, input) => runs(ctx, 'bench.start').start(input.body ?? {}),
  },

  'bench.list': { kind: 'plain', handle: (ctx, input) => runs(ctx, 'bench.list').list(input.limit ?? 50) },

  'bench.get': { kind: 'plain', handle: (ctx, input) => runs(ctx, 'bench.get').get(String(input.id)) },

  'bench.cancel': {
    kind: 'plain',
    handle(ctx, input) {
      const { view, accepted } = runs(ctx, 'bench.cancel').cancel(String(input.id));
      return new WithStatus(accepted ? 202 : 200, view);
    },
  },
};
