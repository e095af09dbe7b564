/**
 * KiraClient: `call(name, input)` over whichever transport was chosen, typed by the engine's contract (the input
 * and result of each handler, by name), plus thin wrappers the views use. Non-2xx answers become ApiError with
 * the server's readable message.
 */
import type { HandlerName } from '../../../src-engine/core/api/index.js';
import type { ApiInput, ApiResult } from '../../../src-engine/core/api/index.js';
import type { BatchView } from '../../../src-engine/core/api/index.js';
import {
  ApiError,
  isOk,
  toApiError,
  type LiveListener,
  type RawResponse,
  type Transport,
  type UploadInput,
  type UploadName,
} from './types.js';

/** The handler behind each batchable view: a batch answers each view with that handler's result. */
interface BatchHandlers {
  overview: 'dashboard.overview';
  stats: 'dashboard.stats';
  trends: 'dashboard.trends';
  breakdown: 'dashboard.breakdown';
  kpis: 'dashboard.kpis';
  clients: 'dashboard.clients';
  projections: 'dashboard.projections';
  'realtime/aggregate': 'dashboard.realtimeAggregate';
}
/** A batch part: its view's result type (first paint asks for several views in one round trip), or its refusal. */
export type BatchOutcome<V extends BatchView> =
  { ok: true; value: ApiResult<BatchHandlers[V]> } | { ok: false; status: number; message: string };

/** One part of a batch: a view and its query parameters. */
export interface BatchRequest {
  view: BatchView;
  params?: Record<string, unknown>;
}
/** A batch's outcomes slot by slot: slot i has request i's view result. */
export type BatchOutcomes<R extends readonly BatchRequest[]> = {
  -readonly [I in keyof R]: R[I] extends { view: infer V extends BatchView } ? BatchOutcome<V> : never;
};

/** An answer that may be refused without throwing (an upload's 4xx is shown, not raised). */
export type Reply<N extends HandlerName> = { ok: true; value: ApiResult<N> } | { ok: false; error: ApiError };

export interface DownloadedFile {
  filename: string;
  blob: Blob;
}

/**
 * The one place a body becomes a result type: a 2xx body is what the engine's contract says the handler returns
 * (both transports decode it to that shape; JSON carries no types to check here).
 */
function resultOf<N extends HandlerName>(res: RawResponse): ApiResult<N> {
  if (!isOk(res.status)) throw toApiError(res);
  return res.body as ApiResult<N>;
}

export class KiraClient {
  constructor(readonly transport: Transport) {}

  /** Any handler by name: resolves with its result type or throws ApiError. */
  async call<N extends HandlerName>(name: N, input: ApiInput<N>): Promise<ApiResult<N>> {
    return resultOf<N>(await this.transport.call(name, input));
  }

  /** A file's text as the body of an import handler, with progress; a refusal resolves as `{ ok: false }`. */
  async upload<N extends UploadName>(name: N, input: UploadInput<N>, text: string, onProgress: (f: number) => void): Promise<Reply<N>> {
    const res = await this.transport.upload(name, input, text, onProgress);
    return isOk(res.status) ? { ok: true, value: resultOf<N>(res) } : { ok: false, error: toApiError(res) };
  }

  companies = () => this.call('companies.list', {});
  overview = (q: ApiInput<'dashboard.overview'>) => this.call('dashboard.overview', q);
  trends = (q: ApiInput<'dashboard.trends'>) => this.call('dashboard.trends', q);
  breakdown = (q: ApiInput<'dashboard.breakdown'>) => this.call('dashboard.breakdown', q);
  clients = (q: ApiInput<'dashboard.clients'>) => this.call('dashboard.clients', q);
  realtime = (q: ApiInput<'dashboard.realtimeAggregate'>) => this.call('dashboard.realtimeAggregate', q);
  recalculate = (company: number) => this.call('dashboard.realtimeRecalculate', { company });

  /** Several views in one round trip; each result keeps its own status and is typed by its request's view. */
  async batch<const R extends readonly BatchRequest[]>(company: number, requests: R): Promise<BatchOutcomes<R>> {
    const res = await this.call('dashboard.batch', { company, body: { requests: [...requests] } });
    const outcomes = res.results.map((r): BatchOutcome<BatchView> => {
      // Each part answers like the view's own handler.
      if (isOk(r.status)) return { ok: true, value: resultOf<BatchHandlers[BatchView]>(r) };
      return { ok: false, status: r.status, message: toApiError(r).message };
    });
    // The service answers part i for request i (dashboard.batch keeps the order), so slot i has request i's view:
    // the one place the order becomes a type, as resultOf is the one place a body does.
    return outcomes as BatchOutcomes<R>;
  }

  listExpenses = (q: ApiInput<'expenses.list'>) => this.call('expenses.list', q);
  listInvoices = (q: ApiInput<'invoices.list'>) => this.call('invoices.list', q);
  listClients = (q: ApiInput<'clients.list'>) => this.call('clients.list', q);
  createExpense = (company: number, body: ApiInput<'expenses.create'>['body']) => this.call('expenses.create', { company, body });
  updateExpense = (company: number, id: number, body: ApiInput<'expenses.update'>['body']) =>
    this.call('expenses.update', { company, id, body });
  createInvoice = (company: number, body: ApiInput<'invoices.create'>['body']) => this.call('invoices.create', { company, body });
  updateInvoice = (company: number, id: number, body: ApiInput<'invoices.update'>['body']) =>
    this.call('invoices.update', { company, id, body });

  /** CSV import with upload progress; a refusal (4xx) resolves as `{ ok: false }` with the server's message. */
  importCsv(kind: 'expenses' | 'invoices', company: number, csv: string, onProgress: (f: number) => void) {
    return this.upload(kind === 'expenses' ? 'import.expenses' : 'import.invoices', { company }, csv, onProgress);
  }

  /** An export as a file (the bearer header rules out a plain link): both transports answer name, type and text. */
  async download(input: ApiInput<'dashboard.export'>): Promise<DownloadedFile> {
    const f = await this.call('dashboard.export', input);
    return { filename: f.filename, blob: new Blob([f.content], { type: f.content_type }) };
  }

  aging = (q: ApiInput<'reports.aging'>) => this.call('reports.aging', q);
  pnl = (q: ApiInput<'reports.pnl'>) => this.call('reports.pnl', q);
  /** A report as a file (XLSX, PDF, CSV): base64 in JSON over either transport, returned as a Blob. */
  async reportFile(q: ApiInput<'reports.file'>): Promise<DownloadedFile> {
    const f = await this.call('reports.file', q);
    const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
    return { filename: f.filename, blob: new Blob([bytes], { type: f.content_type }) };
  }

  benchSuites = () => this.call('bench.suites', {});
  /** Starts a run (202) and answers at once with its id; follow it with benchGet or the bench-progress events. */
  benchStart = (body: ApiInput<'bench.start'>['body']) => this.call('bench.start', { body });
  benchList = () => this.call('bench.list', {});
  /** A live run ("run-N") or a stored one (history id): status, progress, result when ended. */
  benchGet = (id: string | number) => this.call('bench.get', { id });
  benchCancel = (id: string | number) => this.call('bench.cancel', { id });

  live(company: number, listener: LiveListener): () => void {
    return this.transport.live(company, listener);
  }
}
