/** Lookups of ids that arrive inside a body, always scoped to the writing company. */
import type { Database } from 'better-sqlite3';
import { invalid } from '../../core/validate/fields.js';

/** A referenced client must exist in the same company; another company's client looks exactly like a missing one. */
export function requireClientOf(db: Database, companyId: number, clientId: number, field = 'client_id'): void {
  const found = db.prepare('SELECT 1 FROM clients WHERE id = ? AND company_id = ?').get(clientId, companyId);
  if (found === undefined) throw invalid(field, `refers to client ${clientId}, which does not exist in this company`, clientId);
}
