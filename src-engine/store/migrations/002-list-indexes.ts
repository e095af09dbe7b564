/**
 * Schema v2: indexes for the write API and the drill-through lists that v1's rollup-oriented indexes miss.
 * Indexes only, so the migration is cheap and cannot change any row.
 */
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  version: 2,
  name: 'indexes for lists and client deletes',
  sql: `
-- expenses.client_id references clients ON DELETE SET NULL: without an index every client delete scans all
-- expenses; it also serves the expense list filtered by client.
CREATE INDEX expenses_client ON expenses(client_id) WHERE client_id IS NOT NULL;
-- Cash-basis drill-through: invoices paid in a period.
CREATE INDEX invoices_company_paid ON invoices(company_id, paid_date) WHERE paid_date IS NOT NULL;
-- The quote list (newest first, filtered by issue date).
CREATE INDEX quotes_company_issue ON quotes(company_id, issue_date);
-- Deleting an invoice finds the quote it came from.
CREATE INDEX quotes_converted ON quotes(converted_invoice_id) WHERE converted_invoice_id IS NOT NULL;
`,
};
