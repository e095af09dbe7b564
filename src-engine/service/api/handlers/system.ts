/**
 * Companies, health, metrics and recalculation. Health, metrics and the worker pool belong to their own
 * modules (service/health.ts, metrics.ts, pool.ts), reached through `ctx.hooks`; until one is wired its
 * handler answers 501 (health falls back to a minimal report of what this layer knows).
 */
import { NotAvailableError, type HandlerTable } from '../handler-types.js';
import { TextBody, WithStatus } from '../context.js';
import { companyOrDefault, listCompanies } from '../../../store/reads/companies.js';

const startedAt = Date.now();

export const systemHandlers: Pick<
  HandlerTable,
  'companies.list' | 'dashboard.health' | 'dashboard.metrics' | 'dashboard.realtimeRecalculate'
> = {
  'companies.list': { kind: 'plain', handle: (ctx) => ({ items: listCompanies(ctx.store.db) }) },

  'dashboard.health': {
    kind: 'plain',
    async handle(ctx) {
      if (ctx.hooks.health) {
        const { healthy, report } = await ctx.hooks.health();
        // The health module's cache summary plus this layer's counters (hits, misses, evictions, invalidations).
        const cache = { ...(report.cache as object | undefined), ...ctx.cache.stats() };
        return new WithStatus(healthy ? 200 : 503, { status: healthy ? 'healthy' : 'degraded', ...report, cache });
      }
      const ok = ctx.store.db.open && (ctx.store.db.pragma('quick_check', { simple: true }) as string) === 'ok';
      return new WithStatus(ok ? 200 : 503, {
        status: ok ? 'healthy' : 'degraded',
        database: { ok },
        cache: ctx.cache.stats(),
        uptime_s: Math.round((Date.now() - startedAt) / 1000),
      });
    },
  },

  'dashboard.metrics': {
    kind: 'plain',
    async handle(ctx) {
      if (!ctx.hooks.metricsText) throw new NotAvailableError('dashboard.metrics');
      return new TextBody(await ctx.hooks.metricsText(), ctx.hooks.metricsContentType ?? 'text/plain; version=0.0.4; charset=utf-8');
    },
  },

  'dashboard.realtimeRecalculate': {
    kind: 'plain',
    write: true,
    async handle(ctx, input) {
      if (!ctx.hooks.recalculate) throw new NotAvailableError('dashboard.realtimeRecalculate');
      return ctx.hooks.recalculate(companyOrDefault(ctx.store.db, input.company).id);
    },
  },
};
