/**
 * Handler inputs as the renderer sends them. They mirror src-engine/service/api-types.ts, which the renderer
 * cannot import even as types: it pulls in Node-only declarations (NodeJS.ReadableStream, cache.ts).
 */
import type { Basis } from '../../../src-engine/core/domain.js';
import type { Granularity, IsoDate } from '../../../src-engine/core/dates.js';
import type { Expense, Invoice } from '../../../src-engine/core/domain.js';

export interface ViewQuery {
  company?: number;
  from?: IsoDate;
  to?: IsoDate;
  basis?: Basis;
}
export interface TrendsQuery extends ViewQuery {
  granularity?: Granularity;
  periods?: number;
}
export interface ClientsQuery extends ViewQuery {
  page?: number;
  page_size?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}
export interface ExportQuery extends TrendsQuery {
  format?: 'csv' | 'json';
  kind?: 'overview' | 'transactions' | 'clients' | 'trends';
}
export interface ListQuery {
  company?: number;
  from?: IsoDate;
  to?: IsoDate;
  page?: number;
  page_size?: number;
  q?: string;
  active?: boolean;
  status?: string;
  category?: string;
  client_id?: number;
}
export interface ListResult<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}
export interface LineInput {
  description: string;
  quantity: number | string;
  unit_price: number;
}
export interface InvoiceInput {
  client_id: number;
  status?: Invoice['status'];
  issue_date: IsoDate;
  due_date?: IsoDate;
  paid_date?: IsoDate | null;
  tax_rate_bp?: number;
  lines: LineInput[];
}
export interface ExpenseInput {
  date: IsoDate;
  category: Expense['category'];
  description?: string;
  amount: number;
  reimbursable?: boolean;
  client_id?: number | null;
}
export interface BatchResult {
  results: { view: string; status: number; body: unknown }[];
}
