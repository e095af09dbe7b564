/**
 * What the imports answer (CSV import, statement and mapped-CSV import, preview): pure result types, so the API
 * declarations (core/api/imports.ts) and the renderer name them. src-engine/data/ produces them.
 */
import type { RowError } from '../csv-rows.js';
import type { IsoDate } from '../dates.js';

export type StatementFormat = 'ofx' | 'qif' | 'camt' | 'csv';
export type ImportFormat = StatementFormat | 'auto';
export type DetectedFormat = StatementFormat | 'kira-csv';

/** How far Kira's own CSV import is: bytes read and rows parsed so far. */
export interface ImportProgress {
  bytes: number;
  rows: number;
}

/** How far a statement (or mapped CSV) import is: matching (`plan`) then writing (`write`), `done` of `total` rows. */
export interface StatementProgress {
  stage: 'plan' | 'write';
  done: number;
  total: number;
}

/** Kira's own CSV import (`import.expenses`, `import.invoices`, and `kira import`). */
export interface ImportResult {
  imported: number;
  /** Rows rejected (a row with three bad fields counts once). */
  rejected: number;
  /** The first `maxListedErrors` field errors, in file order. */
  errors: RowError[];
  /** All field errors, listed or not. */
  error_count: number;
  created_clients: number;
  duration_ms: number;
  /** Present and true for a dry run: `imported` is what would have been imported; nothing was written. */
  dry_run?: boolean;
}

export interface MatchedPayment {
  line: number;
  date: IsoDate;
  amount: number;
  invoice_id: number;
  number: string;
  client: string;
}

export interface UnmatchedMoneyIn {
  line: number;
  date: IsoDate;
  amount: number;
  payee: string;
  description: string;
  /** The transaction's idempotency key: give it back when matching by hand so a re-import skips it. */
  key: string;
}

export interface StatementImportResult {
  format: StatementFormat;
  dry_run: boolean;
  /** Transactions written (expenses + invoice payments); with dry_run, what would be written. */
  imported: number;
  expenses: number;
  payments: number;
  /** Skipped because already imported (or repeated within the file). */
  duplicates: number;
  rejected: number;
  errors: RowError[];
  error_count: number;
  matched: MatchedPayment[];
  unmatched: UnmatchedMoneyIn[];
  created_clients: number;
  /** Sum of the money out written as expenses, minor units (positive). */
  expenses_total: number;
  /** Sum of the invoice payments, minor units. */
  payments_total: number;
  duration_ms: number;
}

export interface MappedInvoicesResult extends ImportResult {
  format: 'csv';
  kind: 'invoices';
  dry_run: boolean;
  duplicates: number;
}

/** A foreign CSV with no mapping: what the user needs to write one. */
export interface NeedsMapping {
  needs_mapping: true;
  format: 'csv';
  /** The first non-empty line's cells (the header, unless a title block comes first). */
  header: string[];
  /** The first lines as they are, to count a title block for skip_rows. */
  first_lines: string[];
  how: string;
}

export type ImportFileResult =
  | ({ needs_mapping: false; format: 'kira-csv'; duplicates: number } & ImportResult)
  | ({ needs_mapping: false } & StatementImportResult)
  | ({ needs_mapping: false } & MappedInvoicesResult)
  | NeedsMapping;

export interface PreviewRow {
  line: number;
  date: string;
  amount: number;
  payee: string;
  description: string;
  /** Money out: the category it would get; money in: null (matched to an invoice or listed). */
  category: string | null;
}

export interface Preview {
  format: DetectedFormat;
  needs_mapping: boolean;
  header: string[];
  first_lines: string[];
  rows: PreviewRow[];
  row_count: number;
  errors: RowError[];
  error_count: number;
  money_out: number;
  money_in: number;
}

export interface SavedMapping {
  name: string;
  mapping: Record<string, unknown>;
}

export interface SavedMappingRow extends SavedMapping {
  updated_at: string;
}

export interface ManualMatch {
  invoice_id: number;
  paid_date: string;
}
