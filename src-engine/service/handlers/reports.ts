/**
 * Report handlers: aged receivables and profit and loss as cached views. Resolved parameters (company's today
 * included) are the cache key; the tag's `to` is the last day a report reads, so a write invalidates exactly
 * the reports whose window it can reach, as for the dashboard views.
 */
import { aging, pnl, resolveAging, resolvePnl } from '../../dashboard/reports/index.js';
import type { AgingParams, PnlParams } from '../../core/reports/types.js';
import type { HandlerTable } from '../handler-types.js';

export const reportHandlers: Pick<HandlerTable, 'reports.aging' | 'reports.pnl'> = {
  'reports.aging': {
    kind: 'view',
    resolve: (ctx, input) => {
      const params = resolveAging(ctx.store.db, input as Record<string, unknown>, ctx.now());
      return { params, tags: { company: params.company, to: params.as_of } };
    },
    compute: (ctx, params) => aging(ctx.store.db, params as AgingParams),
  },
  'reports.pnl': {
    kind: 'view',
    resolve: (ctx, input) => {
      const params = resolvePnl(ctx.store.db, input as Record<string, unknown>, ctx.now());
      return { params, tags: { company: params.company, to: params.to } };
    },
    compute: (ctx, params) => pnl(ctx.store.db, params as PnlParams),
  },
};
