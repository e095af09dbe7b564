/**
 * KiraClient: a generic `call(name, input)` over whichever transport was chosen, plus typed wrappers the views
 * use. Non-2xx answers become ApiError with the server's readable message.
 */
import type { HandlerName } from '../../../src-engine/core/api.js';
import type { Company, Expense, Invoice, Client } from '../../../src-engine/core/domain.js';
import type {
  BreakdownResult,
  ClientsResult,
  OverviewResult,
  RealtimeResult,
  ResultByView,
  TrendsResult,
} from '../../../src-engine/dashboard/types.js';
import type {
  BatchResult,
  ClientsQuery,
  ExpenseInput,
  ExportQuery,
  InvoiceInput,
  ListQuery,
  ListResult,
  TrendsQuery,
  ViewQuery,
} from './inputs.js';
import type { RendererRouteName } from './routes.js';
import { isOk, toApiError, type CallInput, type LiveListener, type Transport } from './types.js';
import type { ImportReport } from './extra-types.js';
import type { BenchListResult, BenchRunView, BenchStartBody, BenchSuiteInfo } from '../../../src-engine/core/bench/panel.js';
import type { AgingResult, PnlResult, ReportFile } from '../../../src-engine/core/reports/types.js';
import type { AgingQuery, PnlQuery, ReportFileQuery } from '../../../src-engine/service/api/inputs.js';

/** The batchable views and their result types (first paint asks for several in one round trip). */
export type BatchViews = Omit<ResultByView, 'realtimeAggregate' | 'export'> & { 'realtime/aggregate': ResultByView['realtimeAggregate'] };
export type BatchView = keyof BatchViews;
export type BatchOutcome<V extends BatchView> = { ok: true; value: BatchViews[V] } | { ok: false; status: number; message: string };

export interface DownloadedFile {
  filename: string;
  blob: Blob;
}

export class KiraClient {
  constructor(readonly transport: Transport) {}

  /** Any route by name; resolves with the decoded body or throws ApiError. */
  async call<T = unknown>(name: RendererRouteName, input: CallInput = {}): Promise<T> {
    const res = await this.transport.call(name, input);
    if (!isOk(res.status)) throw toApiError(res);
    return res.body as T;
  }

  /** Call of an engine handler by its registry name. */
  handler<N extends HandlerName, T>(name: N, input: object): Promise<T> {
    return this.call<T>(name, input as CallInput);
  }

  companies = () => this.handler<'companies.list', { items: Company[] }>('companies.list', {});
  overview = (q: ViewQuery) => this.handler<'dashboard.overview', OverviewResult>('dashboard.overview', q);
  trends = (q: TrendsQuery) => this.handler<'dashboard.trends', TrendsResult>('dashboard.trends', q);
  breakdown = (q: ViewQuery) => this.handler<'dashboard.breakdown', BreakdownResult>('dashboard.breakdown', q);
  clients = (q: ClientsQuery) => this.handler<'dashboard.clients', ClientsResult>('dashboard.clients', q);
  realtime = (q: { company?: number }) => this.handler<'dashboard.realtimeAggregate', RealtimeResult>('dashboard.realtimeAggregate', q);
  recalculate = (company: number) =>
    this.handler<'dashboard.realtimeRecalculate', Record<string, unknown>>('dashboard.realtimeRecalculate', { company });

  /** Several views in one round trip; each result keeps its own status. */
  async batch<V extends BatchView>(company: number, requests: { view: V; params?: Record<string, unknown> }[]): Promise<BatchOutcome<V>[]> {
    const res = await this.handler<'dashboard.batch', BatchResult>('dashboard.batch', { company, body: { requests } });
    return res.results.map((r): BatchOutcome<V> => {
      if (isOk(r.status)) return { ok: true, value: r.body as BatchViews[V] };
      return { ok: false, status: r.status, message: toApiError({ status: r.status, body: r.body }).message };
    });
  }

  listExpenses = (q: ListQuery) => this.handler<'expenses.list', ListResult<Expense>>('expenses.list', q);
  listInvoices = (q: ListQuery) => this.handler<'invoices.list', ListResult<Invoice>>('invoices.list', q);
  listClients = (q: ListQuery) => this.handler<'clients.list', ListResult<Client>>('clients.list', q);
  createExpense = (company: number, body: ExpenseInput) => this.handler<'expenses.create', Expense>('expenses.create', { company, body });
  updateExpense = (company: number, id: number, body: Partial<ExpenseInput>) =>
    this.handler<'expenses.update', Expense>('expenses.update', { company, id, body });
  createInvoice = (company: number, body: InvoiceInput) => this.handler<'invoices.create', Invoice>('invoices.create', { company, body });
  updateInvoice = (company: number, id: number, body: Partial<InvoiceInput>) =>
    this.handler<'invoices.update', Invoice>('invoices.update', { company, id, body });

  /** CSV import with upload progress; a 4xx with line errors resolves as a report (ok=false), not a throw. */
  async importCsv(kind: 'expenses' | 'invoices', company: number, csv: string, onProgress: (f: number) => void): Promise<ImportReport> {
    const res = await this.transport.upload(`import.${kind}`, { company }, csv, onProgress);
    if (isOk(res.status)) return { ok: true, body: res.body };
    const err = toApiError(res);
    return { ok: false, body: res.body, message: err.message, details: err.details };
  }

  /** Fetch an export as a file (the bearer header rules out a plain link). */
  async download(input: ExportQuery): Promise<DownloadedFile> {
    const res = await this.transport.call('dashboard.export', input as CallInput);
    if (!isOk(res.status)) throw toApiError(res);
    const b = res.body as { filename?: string; content_type?: string; content?: string } | string;
    if (typeof b === 'object' && b && typeof b.content === 'string') {
      return { filename: b.filename ?? 'kira-export', blob: new Blob([b.content], { type: b.content_type ?? 'text/plain' }) };
    }
    const text = typeof b === 'string' ? b : JSON.stringify(b, null, 2);
    const ext = input.format === 'json' ? 'json' : 'csv';
    return {
      filename: `kira-${input.kind ?? 'overview'}.${ext}`,
      blob: new Blob([text], { type: ext === 'json' ? 'application/json' : 'text/csv' }),
    };
  }

  aging = (q: AgingQuery) => this.handler<'reports.aging', AgingResult>('reports.aging', q);
  pnl = (q: PnlQuery) => this.handler<'reports.pnl', PnlResult>('reports.pnl', q);
  /** A report as a file (XLSX, PDF, CSV): base64 in JSON over either transport, returned as a Blob. */
  async reportFile(q: ReportFileQuery): Promise<DownloadedFile> {
    const f = await this.handler<'reports.file', ReportFile>('reports.file', q);
    const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
    return { filename: f.filename, blob: new Blob([bytes], { type: f.content_type }) };
  }

  benchSuites = () => this.handler<'bench.suites', { items: BenchSuiteInfo[] }>('bench.suites', {});
  /** Starts a run (202) and answers at once with its id; follow it with benchGet or the bench-progress events. */
  benchStart = (body: BenchStartBody) => this.handler<'bench.start', { id: string; status: 'running' }>('bench.start', { body });
  benchList = () => this.handler<'bench.list', BenchListResult>('bench.list', {});
  /** A live run ("run-N") or a stored one (history id): status, progress, result when ended. */
  benchGet = (id: string | number) => this.handler<'bench.get', BenchRunView>('bench.get', { id });
  benchCancel = (id: string | number) => this.handler<'bench.cancel', BenchRunView>('bench.cancel', { id });

  live(company: number, listener: LiveListener): () => void {
    return this.transport.live(company, listener);
  }
}
