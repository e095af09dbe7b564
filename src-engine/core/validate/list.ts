/**
 * Filters and paging for the drill-through lists. Query strings arrive as text over some transports, so
 * whole numbers and booleans are also accepted in their text form ("2", "true"). `company` may be present
 * (it is the scope, passed separately) and is ignored here.
 */
import {
  CATEGORY_CODES,
  INVOICE_STATUSES,
  QUOTE_STATUSES,
  type ExpenseCategory,
  type InvoiceStatus,
  type QuoteStatus,
} from '../categories.js';
import type { IsoDate } from '../dates.js';
import { FieldReader, invalid, type Input } from './fields.js';
import { LIMITS } from './limits.js';

export interface Paging {
  page: number;
  page_size: number;
}

export interface Page<T> extends Paging {
  items: T[];
  total: number;
  /** Σ of the money column over every matching row (all pages): invoices' total, expenses' amount. */
  sum?: number;
}

export interface DateWindow {
  from?: IsoDate;
  to?: IsoDate;
}

export interface ExpenseFilter extends Paging, DateWindow {
  category?: ExpenseCategory;
  client_id?: number;
  reimbursable?: boolean;
}

/**
 * A stored status, or a derived one: `overdue` (open and past due), `open` (sent or viewed: owed), `revenue`
 * (counts as revenue: neither draft nor cancelled — the Revenue tile's list).
 */
export type InvoiceListStatus = InvoiceStatus | 'overdue' | 'open' | 'revenue';
const INVOICE_LIST_STATUSES: readonly InvoiceListStatus[] = [...INVOICE_STATUSES, 'overdue', 'open', 'revenue'];

export interface InvoiceFilter extends Paging, DateWindow {
  status?: InvoiceListStatus;
  /** Which date `from`/`to` apply to: the issue date (default) or the paid date. */
  date_field: 'issue' | 'paid';
  client_id?: number;
  /** With `open`/`overdue`: owed (and past due) on this day by the status history, not today. */
  as_of?: IsoDate;
}

export interface QuoteFilter extends Paging, DateWindow {
  status?: QuoteStatus;
  client_id?: number;
}

export interface ClientFilter extends Paging {
  active?: boolean;
  /** Case-insensitive substring of the name. */
  q?: string;
  /** Created on or before this day (the Active clients tile counts clients as of the period's end). */
  created_to?: IsoDate;
}

/** Turn "12" into 12 and "true" into true, leaving everything else for the typed checks to refuse. */
function fromText(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Input = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === 'company') continue;
    if (typeof v === 'string' && /^\d{1,15}$/.test(v) && k !== 'q') out[k] = Number(v);
    else if (v === 'true' || v === 'false') out[k] = v === 'true';
    else out[k] = v;
  }
  return out;
}

function reader(input: unknown, fields: readonly string[]): FieldReader {
  return new FieldReader(fromText(input ?? {}), ['page', 'page_size', ...fields]);
}

function paging(f: FieldReader): Paging {
  return {
    page: f.int('page', 1, LIMITS.maxPage) ?? 1,
    page_size: f.int('page_size', 1, LIMITS.maxPageSize) ?? LIMITS.defaultPageSize,
  };
}

function window(f: FieldReader): DateWindow {
  const from = f.date('from');
  const to = f.date('to');
  if (from !== undefined && to !== undefined && to < from) throw invalid('to', `must not be before from (${from})`, to);
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

/** Drop undefined values so filters compare and serialise cleanly. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function validateExpenseFilter(input: unknown): ExpenseFilter {
  const f = reader(input, ['from', 'to', 'category', 'client_id', 'reimbursable']);
  return defined({
    ...paging(f),
    ...window(f),
    category: f.oneOf('category', CATEGORY_CODES),
    client_id: f.id('client_id'),
    reimbursable: f.bool('reimbursable'),
  });
}

export function validateInvoiceFilter(input: unknown): InvoiceFilter {
  const f = reader(input, ['from', 'to', 'status', 'date_field', 'client_id', 'as_of']);
  const status = f.oneOf('status', INVOICE_LIST_STATUSES);
  const asOf = f.date('as_of');
  if (asOf !== undefined && status !== 'open' && status !== 'overdue') throw invalid('as_of', 'needs status open or overdue', asOf);
  return defined({
    ...paging(f),
    ...window(f),
    status,
    date_field: f.oneOf('date_field', ['issue', 'paid'] as const) ?? 'issue',
    client_id: f.id('client_id'),
    as_of: asOf,
  });
}

export function validateQuoteFilter(input: unknown): QuoteFilter {
  const f = reader(input, ['from', 'to', 'status', 'client_id']);
  return defined({ ...paging(f), ...window(f), status: f.oneOf('status', QUOTE_STATUSES), client_id: f.id('client_id') });
}

export function validateClientFilter(input: unknown): ClientFilter {
  const f = reader(input, ['active', 'q', 'created_to']);
  return defined({ ...paging(f), active: f.bool('active'), q: f.text('q', LIMITS.nameLength), created_to: f.date('created_to') });
}
