/**
 * The reports' contract (../shared/spec/import-and-reports.md): aged receivables and profit and loss. Type-only,
 * so the renderer imports it freely. Money in minor units; dates ISO in the company's zone.
 */
import type { ExpenseCategory } from '../categories.js';
import type { IsoDate } from '../dates.js';
import type { Basis } from '../domain.js';

export const AGING_BUCKETS = ['current', '1_30', '31_60', '61_90', 'over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type AgingCells = Record<AgingBucket | 'total', number>;

export interface AgingParams {
  report: 'aging';
  company: number;
  as_of: IsoDate;
  today: IsoDate;
  /** Include the invoices behind each cell (`invoices` per client). Implied by `client`. */
  detail: boolean;
  /** Only this client (the drill into a row or cell). */
  client: number | null;
}

/** An invoice behind a cell: owed on `as_of`, `days_past_due` = as_of − due date. */
export interface AgingInvoice {
  invoice_id: number;
  number: string;
  issue_date: IsoDate;
  due_date: IsoDate;
  days_past_due: number;
  bucket: AgingBucket;
  total: number;
}

export interface AgingClient extends AgingCells {
  client_id: number;
  name: string;
  /** With `detail`: the invoices behind this client's cells (each in `bucket`), oldest due first. */
  invoices?: AgingInvoice[];
}

export interface AgingResult {
  company: number;
  company_name: string;
  currency: string;
  as_of: IsoDate;
  buckets: AgingBucket[];
  clients: AgingClient[];
  totals: AgingCells;
}

export type PnlBy = 'month' | 'quarter';

/** A report file as JSON: HTTP and IPC carry it alike; the page turns it into a download. */
export interface ReportFile {
  filename: string;
  content_type: string;
  /** The file's bytes, base64. */
  base64: string;
}

export interface PnlParams {
  report: 'pnl';
  company: number;
  from: IsoDate;
  to: IsoDate;
  basis: Basis;
  by: PnlBy;
  today: IsoDate;
}

export interface PnlFigures {
  revenue: number;
  expenses: number;
  net: number;
}

export interface PnlPeriod extends PnlFigures {
  from: IsoDate;
  to: IsoDate;
  /** Every category, zero included, so each period has the same columns. */
  expenses_by_category: Record<ExpenseCategory, number>;
  previous_year: PnlFigures & { from: IsoDate; to: IsoDate; expenses_by_category: Record<ExpenseCategory, number> };
}

export interface PnlResult {
  company: number;
  company_name: string;
  currency: string;
  basis: Basis;
  from: IsoDate;
  to: IsoDate;
  by: PnlBy;
  periods: PnlPeriod[];
  totals: PnlFigures & { expenses_by_category: Record<ExpenseCategory, number>; previous_year: PnlFigures };
}
