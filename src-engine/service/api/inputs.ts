/**
 * What each handler takes, as plain types with no Node declarations, so the renderer can import them too
 * (`import type`); `api-types.ts` maps them to handler names.
 */
import type { Basis, Expense, Invoice, Quote } from '../../core/domain.js';
import type { Granularity, IsoDate } from '../../core/dates.js';
import type { ClientSort, SortOrder } from '../../dashboard/types.js';

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
  sort?: ClientSort;
  order?: SortOrder;
}
export interface ExportQuery extends TrendsQuery {
  sort?: ClientSort;
  order?: SortOrder;
  format?: 'csv' | 'json';
  kind?: 'overview' | 'transactions' | 'clients' | 'trends';
}
export interface AgingQuery {
  company?: number;
  as_of?: IsoDate;
  /** Include the invoices behind each cell. */
  detail?: boolean;
  /** Only this client (implies detail). */
  client?: number;
}
export interface PnlQuery extends ViewQuery {
  by?: 'month' | 'quarter';
}
export interface ReportFileQuery extends PnlQuery {
  as_of?: IsoDate;
  kind: 'aging' | 'pnl';
  format: 'csv' | 'xlsx' | 'pdf';
}
export interface CompanyQuery {
  company?: number;
}
export interface ListQuery extends CompanyQuery {
  from?: IsoDate;
  to?: IsoDate;
  page?: number;
  page_size?: number;
  sort?: string;
  q?: string;
  active?: boolean;
  status?: string;
  category?: string;
  client_id?: number;
  date_field?: 'issue' | 'paid';
  /** Invoices with status open/overdue: as that day stood by the status history. */
  as_of?: IsoDate;
  /** Clients created on or before this day. */
  created_to?: IsoDate;
}
export interface ById extends CompanyQuery {
  id: number;
}
export interface WithBody<B> extends CompanyQuery {
  body: B;
}
export interface Patch<B> extends ById {
  body: Partial<B>;
}

export interface LineInput {
  description: string;
  quantity: number | string;
  unit_price: number;
}
export interface ClientInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
  created_date?: IsoDate;
}
export interface QuoteInput {
  client_id: number;
  status?: Quote['status'];
  issue_date: IsoDate;
  valid_until?: IsoDate;
  tax_rate_bp?: number;
  lines: LineInput[];
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
