/**
 * The API surface as data: one entry per handler, from which the HTTP routes, the IPC channels, the preload
 * bridge and the renderer's client are all derived, so the transports cannot drift. Pure (the renderer
 * imports it). Result and input types live with their modules and are mapped in `ApiTypes` (service/).
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** Fastify-style path; `:id` segments become the `id` input field. */
  path: string;
  /** Served from the response cache (GET views only). */
  cached?: boolean;
}

export const ROUTES = {
  'dashboard.overview': { method: 'GET', path: '/api/dashboard/overview', cached: true },
  'dashboard.stats': { method: 'GET', path: '/api/dashboard/stats', cached: true },
  'dashboard.trends': { method: 'GET', path: '/api/dashboard/trends', cached: true },
  'dashboard.breakdown': { method: 'GET', path: '/api/dashboard/breakdown', cached: true },
  'dashboard.kpis': { method: 'GET', path: '/api/dashboard/kpis', cached: true },
  'dashboard.clients': { method: 'GET', path: '/api/dashboard/clients', cached: true },
  'dashboard.projections': { method: 'GET', path: '/api/dashboard/projections', cached: true },
  'dashboard.export': { method: 'GET', path: '/api/dashboard/export' },
  'dashboard.refresh': { method: 'POST', path: '/api/dashboard/refresh' },
  'dashboard.realtimeAggregate': { method: 'GET', path: '/api/dashboard/realtime/aggregate', cached: true },
  'dashboard.realtimeRecalculate': { method: 'POST', path: '/api/dashboard/realtime/recalculate' },
  'dashboard.health': { method: 'GET', path: '/api/dashboard/health' },
  'dashboard.metrics': { method: 'GET', path: '/api/dashboard/metrics' },
  'dashboard.batch': { method: 'POST', path: '/api/dashboard/batch' },
  // Reports (../shared/spec/import-and-reports.md): aged receivables and profit and loss, cached like the views.
  'reports.aging': { method: 'GET', path: '/api/reports/aging', cached: true },
  'reports.pnl': { method: 'GET', path: '/api/reports/pnl', cached: true },
  // A report as a file (XLSX, PDF, CSV), base64 in JSON so HTTP and IPC carry it alike.
  'reports.file': { method: 'GET', path: '/api/reports/file' },
  'companies.list': { method: 'GET', path: '/api/companies' },
  'clients.list': { method: 'GET', path: '/api/clients' },
  'clients.create': { method: 'POST', path: '/api/clients' },
  'clients.update': { method: 'PATCH', path: '/api/clients/:id' },
  'clients.delete': { method: 'DELETE', path: '/api/clients/:id' },
  'quotes.list': { method: 'GET', path: '/api/quotes' },
  'quotes.create': { method: 'POST', path: '/api/quotes' },
  'quotes.update': { method: 'PATCH', path: '/api/quotes/:id' },
  'quotes.delete': { method: 'DELETE', path: '/api/quotes/:id' },
  'quotes.convert': { method: 'POST', path: '/api/quotes/:id/convert' },
  'invoices.list': { method: 'GET', path: '/api/invoices' },
  'invoices.create': { method: 'POST', path: '/api/invoices' },
  'invoices.update': { method: 'PATCH', path: '/api/invoices/:id' },
  'invoices.delete': { method: 'DELETE', path: '/api/invoices/:id' },
  'invoices.status': { method: 'POST', path: '/api/invoices/:id/status' },
  'expenses.list': { method: 'GET', path: '/api/expenses' },
  'expenses.create': { method: 'POST', path: '/api/expenses' },
  'expenses.update': { method: 'PATCH', path: '/api/expenses/:id' },
  'expenses.delete': { method: 'DELETE', path: '/api/expenses/:id' },
  'import.expenses': { method: 'POST', path: '/api/import/expenses' },
  'import.invoices': { method: 'POST', path: '/api/import/invoices' },
  // Bank statements and mapped CSVs (../shared/spec/import-and-reports.md): the Data page's preview, import,
  // saved mappings and manual matching of money in. Preview and statement stream the file as the body.
  'import.preview': { method: 'POST', path: '/api/import/preview' },
  'import.statement': { method: 'POST', path: '/api/import/statement' },
  'import.mappings': { method: 'GET', path: '/api/import/mappings' },
  'import.saveMapping': { method: 'POST', path: '/api/import/mappings' },
  'import.match': { method: 'POST', path: '/api/import/match' },
  // The benchmark panel: suites, runs (started at once, 202), their status/result, cancel, history.
  'bench.suites': { method: 'GET', path: '/api/bench/suites' },
  'bench.start': { method: 'POST', path: '/api/bench/runs' },
  'bench.list': { method: 'GET', path: '/api/bench/runs' },
  'bench.get': { method: 'GET', path: '/api/bench/runs/:id' },
  'bench.cancel': { method: 'POST', path: '/api/bench/runs/:id/cancel' },
} as const satisfies Record<string, RouteSpec>;

export type HandlerName = keyof typeof ROUTES;

/** IPC channel of a handler (Electron): one namespace, validated by the main process. */
export function ipcChannel(name: HandlerName): string {
  return `kira:${name}`;
}

/** Live events pushed to subscribers (SSE event names, WS message types, IPC event channel suffixes). */
export const LIVE_EVENTS = ['aggregate', 'alert', 'recalculate-progress', 'import-progress', 'bench-progress'] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/**
 * Placeholder while the per-handler declarations land (helper K1): the typed input and result of a handler.
 * The names are stable; the types become the declarations' `Static<>` types.
 */
export type ApiInput<N extends HandlerName> = N extends HandlerName ? Record<string, unknown> : never;
export type ApiResult<N extends HandlerName> = N extends HandlerName ? unknown : never;
