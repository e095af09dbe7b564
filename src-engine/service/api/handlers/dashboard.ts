/**
 * Dashboard handlers: views (cached, keyed by resolved parameters), batch, refresh and export. The figures
 * come from src-engine/dashboard/ (`resolveParams` + one function per view); these entries only resolve,
 * tag and delegate.
 */
import { PassThrough } from 'node:stream';
import type { HandlerName } from '../../../core/api/index.js';
import { trendBuckets } from '../../../core/dates.js';
import type { ParamsByView, ResolvedParams, ViewName as DashboardView } from '../../../core/views/types.js';
import { resolveParams, runView } from '../../../dashboard/index.js';
import type { CacheTags } from '../../common/cache.js';
import { FileBody, RawJson, type HandlerContext } from '../context.js';
import { defineView, type HandlerTable, type ViewHandler } from '../handler-types.js';
import type { BatchView } from '../../../core/api/index.js';
import { writeExport } from '../export-writer.js';

type ViewName =
  | 'dashboard.overview'
  | 'dashboard.stats'
  | 'dashboard.trends'
  | 'dashboard.breakdown'
  | 'dashboard.kpis'
  | 'dashboard.clients'
  | 'dashboard.projections'
  | 'dashboard.realtimeAggregate';

/** The views warmed at start and after refresh (the first paint's requests). */
const WARM_VIEWS: readonly ViewName[] = [
  'dashboard.overview',
  'dashboard.stats',
  'dashboard.kpis',
  'dashboard.breakdown',
  'dashboard.trends',
  'dashboard.realtimeAggregate',
];

const BATCH_TO_HANDLER: Record<BatchView, ViewName> = {
  overview: 'dashboard.overview',
  stats: 'dashboard.stats',
  trends: 'dashboard.trends',
  breakdown: 'dashboard.breakdown',
  kpis: 'dashboard.kpis',
  clients: 'dashboard.clients',
  projections: 'dashboard.projections',
  'realtime/aggregate': 'dashboard.realtimeAggregate',
};

/**
 * The last day a view's figures can depend on. Period views read up to `to` (outstanding, overdue and active
 * clients accumulate everything before it); trends read whole buckets, so up to the end of the last one;
 * the live aggregate and projections are about today.
 */
function tagsOf(p: ResolvedParams): CacheTags {
  switch (p.view) {
    case 'realtimeAggregate':
      return { company: p.company, to: p.today };
    case 'trends': {
      const buckets = trendBuckets(p.to, p.granularity, p.periods);
      return { company: p.company, to: buckets[buckets.length - 1]?.to ?? p.to };
    }
    case 'projections':
      return { company: p.company, to: p.to > p.today ? p.to : p.today };
    default:
      return { company: p.company, to: p.to };
  }
}

type CachedView = Exclude<DashboardView, 'export'>;

function view<N extends ViewName>(view: CachedView): ViewHandler<N> {
  return defineView<N, ParamsByView[CachedView]>({
    resolve: (ctx, input) => {
      const params = resolveParams(ctx.store.db, view, input as Record<string, unknown>, ctx.now());
      return { params, tags: tagsOf(params) };
    },
    compute: (ctx, params) => runView(ctx.store.db, view, params),
  });
}

export const dashboardHandlers: Pick<HandlerTable, ViewName | 'dashboard.batch' | 'dashboard.refresh' | 'dashboard.export'> = {
  'dashboard.overview': view('overview'),
  'dashboard.stats': view('stats'),
  'dashboard.trends': view('trends'),
  'dashboard.breakdown': view('breakdown'),
  'dashboard.kpis': view('kpis'),
  'dashboard.clients': view('clients'),
  'dashboard.projections': view('projections'),
  'dashboard.realtimeAggregate': view('realtimeAggregate'),

  'dashboard.batch': {
    kind: 'plain',
    async handle(ctx, input) {
      // Each item runs through the same wrappers (validation, cache) as its own route; cached bodies are
      // spliced in as text, so a warm batch costs no JSON parse or stringify.
      const parts: string[] = [];
      for (const item of input.body.requests) {
        const params = { ...(item.params ?? {}), ...(input.company !== undefined ? { company: input.company } : {}) };
        const out = await ctx.dispatch(BATCH_TO_HANDLER[item.view], params, ctx.options);
        const body = out.kind === 'json' ? out.text : JSON.stringify(out.kind === 'text' ? out.text : null);
        parts.push(`{"view":${JSON.stringify(item.view)},"status":${out.status},"body":${body}}`);
      }
      return new RawJson(`{"results":[${parts.join(',')}]}`);
    },
  },

  'dashboard.refresh': {
    kind: 'plain',
    async handle(ctx, input) {
      const started = performance.now();
      const company = resolveParams(ctx.store.db, 'realtimeAggregate', { company: input.company }, ctx.now()).company;
      const cleared = ctx.cache.clearCompany(company);
      const warmed = await warmCompany(ctx.dispatch, company);
      return { company, cleared, warmed, duration_ms: Math.round((performance.now() - started) * 1000) / 1000 };
    },
  },

  'dashboard.export': {
    kind: 'plain',
    handle(ctx, input) {
      const params = resolveParams(ctx.store.db, 'export', input, ctx.now());
      const table = runView(ctx.store.db, 'export', params);
      const out = new PassThrough();
      writeExport(table, out);
      const type = table.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
      return new FileBody(out, type, table.filename);
    },
  },
};

/** Compute the common views of one company with default parameters; returns those that succeeded. */
export async function warmCompany(dispatch: HandlerContext['dispatch'], company: number): Promise<HandlerName[]> {
  const warmed: HandlerName[] = [];
  for (const name of WARM_VIEWS) {
    const out = await dispatch(name, { company });
    if (out.status === 200) warmed.push(name);
  }
  return warmed;
}
