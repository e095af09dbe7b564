/**
 * Input and result type of every handler, keyed by `HandlerName` (core/api.ts). The renderer's client and the
 * preload bridge type their calls with `ApiTypes` (import type only). Results not yet typed by their owning
 * module are `unknown` until it lands.
 */
import type { HandlerName } from '../../core/api.js';
import type { ImportFileResult, Preview } from '../../data/import/import-file.js';
import type { StatementFileInput } from './handlers/import-formats.js';
import type { Basis, Client, Company, Expense, Invoice, Quote } from '../../core/domain.js';
import type { IsoDate } from '../../core/dates.js';
import type { BatchView } from './schemas.js';
import type { CacheStats } from '../common/cache.js';
import type { ResultByView } from '../../dashboard/types.js';
import type { AgingResult, PnlResult, ReportFile } from '../../core/reports/types.js';
import type { BenchListResult, BenchRunView, BenchStartBody, BenchSuiteInfo } from '../../core/bench/panel.js';

import type {
  AgingQuery,
  ById,
  ClientInput,
  ClientsQuery,
  CompanyQuery,
  ExpenseInput,
  ExportQuery,
  InvoiceInput,
  ListQuery,
  Patch,
  PnlQuery,
  QuoteInput,
  ReportFileQuery,
  TrendsQuery,
  ViewQuery,
  WithBody,
} from './inputs.js';

export type * from './inputs.js';

export interface BatchInput extends CompanyQuery {
  body: { requests: { view: BatchView; params?: Record<string, unknown> }[] };
}
export interface BatchResult {
  results: { view: BatchView; status: number; body: unknown }[];
}
export interface RefreshResult {
  company: number;
  cleared: number;
  warmed: string[];
  duration_ms: number;
}
export interface ListResult<T> {
  items: T[];
  total: number;
  sum?: number;
  page: number;
  page_size: number;
}
export interface Deleted {
  id: number;
  deleted: true;
}
/** CSV/JSON text passed over IPC; over HTTP the request body streams in. */
export interface ImportInput extends CompanyQuery {
  body: string | NodeJS.ReadableStream;
}
export interface HealthResult {
  status: 'healthy' | 'degraded';
  cache?: CacheStats;
  [part: string]: unknown;
}

interface Io<I, R> {
  input: I;
  result: R;
}

export interface ApiTypes {
  'dashboard.overview': Io<ViewQuery, ResultByView['overview']>;
  'dashboard.stats': Io<ViewQuery, ResultByView['stats']>;
  'dashboard.trends': Io<TrendsQuery, ResultByView['trends']>;
  'dashboard.breakdown': Io<ViewQuery, ResultByView['breakdown']>;
  'dashboard.kpis': Io<ViewQuery, ResultByView['kpis']>;
  'dashboard.clients': Io<ClientsQuery, ResultByView['clients']>;
  'dashboard.projections': Io<ViewQuery, ResultByView['projections']>;
  /** Over IPC the file comes back as text with its name and type. */
  'dashboard.export': Io<ExportQuery, { filename: string; content_type: string; content: string }>;
  'dashboard.refresh': Io<CompanyQuery, RefreshResult>;
  'dashboard.realtimeAggregate': Io<CompanyQuery & { basis?: Basis }, ResultByView['realtimeAggregate']>;
  'dashboard.realtimeRecalculate': Io<CompanyQuery, unknown>;
  'dashboard.health': Io<Record<string, never>, HealthResult>;
  /** Prometheus text exposition. */
  'dashboard.metrics': Io<Record<string, never>, string>;
  'dashboard.batch': Io<BatchInput, BatchResult>;
  'companies.list': Io<Record<string, never>, { items: Company[] }>;
  'clients.list': Io<ListQuery, ListResult<Client> | unknown>;
  'clients.create': Io<WithBody<ClientInput>, Client>;
  'clients.update': Io<Patch<ClientInput>, Client>;
  'clients.delete': Io<ById, Deleted | unknown>;
  'quotes.list': Io<ListQuery, ListResult<Quote> | unknown>;
  'quotes.create': Io<WithBody<QuoteInput>, Quote>;
  'quotes.update': Io<Patch<QuoteInput>, Quote>;
  'quotes.delete': Io<ById, Deleted | unknown>;
  'quotes.convert': Io<ById, Invoice>;
  'invoices.list': Io<ListQuery, ListResult<Invoice> | unknown>;
  'invoices.create': Io<WithBody<InvoiceInput>, Invoice>;
  'invoices.update': Io<Patch<InvoiceInput>, Invoice>;
  'invoices.delete': Io<ById, Deleted | unknown>;
  'invoices.status': Io<ById & { body: { status: Invoice['status']; paid_date?: IsoDate } }, Invoice>;
  'expenses.list': Io<ListQuery, ListResult<Expense> | unknown>;
  'expenses.create': Io<WithBody<ExpenseInput>, Expense>;
  'expenses.update': Io<Patch<ExpenseInput>, Expense>;
  'expenses.delete': Io<ById, Deleted | unknown>;
  'import.expenses': Io<ImportInput, unknown>;
  'import.invoices': Io<ImportInput, unknown>;
  'import.preview': Io<StatementFileInput, Preview>;
  'import.statement': Io<StatementFileInput, ImportFileResult>;
  'import.mappings': Io<CompanyQuery, { items: { name: string; mapping: Record<string, unknown>; updated_at: string }[] }>;
  'import.saveMapping': Io<
    CompanyQuery & { body: { name: string; mapping: Record<string, unknown> } },
    { name: string; mapping: Record<string, unknown> }
  >;
  'import.match': Io<
    CompanyQuery & { body: { invoice_id: number; date: IsoDate; amount: number; key: string } },
    { invoice_id: number; paid_date: string }
  >;
  'reports.aging': Io<AgingQuery, AgingResult>;
  'reports.pnl': Io<PnlQuery, PnlResult>;
  'reports.file': Io<ReportFileQuery, ReportFile>;
  'bench.suites': Io<Record<string, never>, { items: BenchSuiteInfo[] }>;
  /** 202: the run started; follow it with bench.get or the `bench-progress` live events. */
  'bench.start': Io<{ body?: BenchStartBody }, { id: string; status: 'running' }>;
  'bench.list': Io<{ limit?: number }, BenchListResult>;
  /** `id`: a live run ("run-N") or a stored one (the history's number). */
  'bench.get': Io<{ id: string | number }, BenchRunView>;
  /** 202 when the run was cancelled; 200 with its state when it had already ended. */
  'bench.cancel': Io<{ id: string | number }, BenchRunView>;
}

export type ApiInput<N extends HandlerName> = ApiTypes[N]['input'];
/** @public The result type of a handler, the pair of ApiInput (for typing a caller's answer). */
export type ApiResult<N extends HandlerName> = ApiTypes[N]['result'];
