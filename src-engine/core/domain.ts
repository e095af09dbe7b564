/**
 * The domain as it crosses the engine's boundary (HTTP JSON, IPC, CSV, the renderer). Field names are
 * snake_case; money is integer minor units; dates are ISO YYYY-MM-DD in the company's time zone.
 */
import type { ExpenseCategory, InvoiceStatus, QuoteStatus } from './categories.js';
import type { IsoDate } from './dates.js';

export interface Company {
  id: number;
  name: string;
  /** ISO 4217, default MYR. */
  currency: string;
  /** IANA zone, default Asia/Kuala_Lumpur. */
  time_zone: string;
  created_at: string;
}

export interface Client {
  id: number;
  company_id: number;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  created_date: IsoDate;
}

export interface DocumentLine {
  id?: number;
  description: string;
  /** Up to three decimals. */
  quantity: number;
  /** Minor units. */
  unit_price: number;
  /** round-half-up(quantity × unit_price), minor units. */
  line_total: number;
}

export interface Quote {
  id: number;
  company_id: number;
  number: string;
  client_id: number;
  status: QuoteStatus;
  issue_date: IsoDate;
  valid_until: IsoDate;
  lines: DocumentLine[];
  subtotal: number;
  /** Basis points: 600 = 6%. */
  tax_rate_bp: number;
  tax: number;
  total: number;
  converted_invoice_id: number | null;
}

export interface Invoice {
  id: number;
  company_id: number;
  number: string;
  client_id: number;
  status: InvoiceStatus;
  issue_date: IsoDate;
  due_date: IsoDate;
  paid_date: IsoDate | null;
  lines: DocumentLine[];
  subtotal: number;
  tax_rate_bp: number;
  tax: number;
  total: number;
  quote_id: number | null;
  /** Derived, never stored: sent/viewed and due before the company's today. */
  overdue: boolean;
}

export interface Expense {
  id: number;
  company_id: number;
  date: IsoDate;
  category: ExpenseCategory;
  description: string;
  /** Minor units, ≥ 0. */
  amount: number;
  reimbursable: boolean;
  client_id: number | null;
}

export type Basis = 'accrual' | 'cash';
