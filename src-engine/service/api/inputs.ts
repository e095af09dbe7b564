// The input types are derived from the contract (core/api/); kept here for imports not yet moved to it.
export type * from '../../core/api/inputs.js';
export type { ClientInput, ExpenseInput, InvoiceInput, LineInput, ListQuery, QuoteInput } from '../../core/api/index.js';
