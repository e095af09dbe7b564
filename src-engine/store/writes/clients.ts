/**
 * Client writes. A client referenced by invoices or quotes cannot be deleted (their history would lose its
 * owner); deactivate it instead. Expenses merely tagged with the client are untagged.
 */
import type { Client } from '../../core/domain.js';
import { ConflictError } from '../../core/errors.js';
import { validateClientPatch, validateNewClient } from '../../core/validate/client.js';
import { getClient } from '../reads/clients.js';
import { companyToday } from '../reads/companies.js';
import type { Store } from '../store.js';
import { changeOf } from './change.js';

export function createClient(store: Store, companyId: number, input: unknown, now: Date = new Date()): Client {
  return store.write(() => {
    const c = validateNewClient(input, companyToday(store.db, companyId, now));
    const { lastInsertRowid } = store.db
      .prepare('INSERT INTO clients (company_id, name, email, phone, active, created_date) VALUES (?, ?, ?, ?, ?, ?)')
      .run(companyId, c.name, c.email, c.phone, c.active ? 1 : 0, c.created_date);
    return { result: getClient(store.db, companyId, Number(lastInsertRowid)), change: changeOf(companyId, ['clients'], [c.created_date]) };
  });
}

export function updateClient(store: Store, companyId: number, id: number, input: unknown): Client {
  const patch = validateClientPatch(input);
  return store.write(() => {
    const old = getClient(store.db, companyId, id);
    const next = { ...old, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    store.db
      .prepare('UPDATE clients SET name = ?, email = ?, phone = ?, active = ?, created_date = ? WHERE id = ? AND company_id = ?')
      .run(next.name, next.email, next.phone, next.active ? 1 : 0, next.created_date, id, companyId);
    return { result: getClient(store.db, companyId, id), change: changeOf(companyId, ['clients'], [old.created_date, next.created_date]) };
  });
}

export function deleteClient(store: Store, companyId: number, id: number): void {
  store.write(() => {
    const old = getClient(store.db, companyId, id);
    const invoices = store.db.prepare('SELECT COUNT(*) FROM invoices WHERE client_id = ?').pluck().get(id) as number;
    const quotes = store.db.prepare('SELECT COUNT(*) FROM quotes WHERE client_id = ?').pluck().get(id) as number;
    if (invoices + quotes > 0) {
      throw new ConflictError(
        `Client ${id} has ${invoices} invoice(s) and ${quotes} quote(s) and cannot be deleted; deactivate it instead (active: false)`,
        { invoices, quotes },
        'client_in_use',
      );
    }
    // Untag expenses explicitly (rather than leaving it to ON DELETE SET NULL) to know whether to report them.
    const untagged = store.db
      .prepare('UPDATE expenses SET client_id = NULL WHERE client_id = ? AND company_id = ?')
      .run(id, companyId).changes;
    store.db.prepare('DELETE FROM clients WHERE id = ? AND company_id = ?').run(id, companyId);
    return {
      result: undefined,
      change: changeOf(companyId, untagged ? ['clients', 'expenses'] : ['clients'], [old.created_date], 1 + untagged),
    };
  });
}
