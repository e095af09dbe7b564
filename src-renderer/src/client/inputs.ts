/**
 * Handler inputs as the renderer sends them: the engine's own declarations (type-only, no Node types), plus the
 * result envelopes the renderer reads.
 */
export type {
  ExpenseInput,
  ExportQuery,
  InvoiceInput,
  ListQuery,
  TrendsQuery,
  ViewQuery,
  ClientsQuery,
} from '../../../src-engine/service/api/inputs.js';

export interface ListResult<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  /** Σ of the money column over every matching row: a drill-through list shows it sums to its tile. */
  sum?: number;
}
export interface BatchResult {
  results: { view: string; status: number; body: unknown }[];
}
