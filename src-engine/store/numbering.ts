/**
 * Invoice and quote numbers (`INV-YYYY-NNNN`, `QT-YYYY-NNNN`), per company and per year of the issue date.
 * Numbers come from `number_sequences`, bumped inside the caller's IMMEDIATE write transaction: the write lock
 * is held from the transaction's first statement, so two processes creating invoices at once are serialised
 * by SQLite and can neither read the same counter nor leave a gap (a rolled-back write rolls its bump back).
 */
import type { Database } from 'better-sqlite3';
import { documentNumber, type NumberKind } from '../core/validate/document-number.js';

const TABLE: Record<NumberKind, 'invoices' | 'quotes'> = { INV: 'invoices', QT: 'quotes' };

/** Must run inside a write transaction. Skips numbers already taken (rows imported with their own numbers). */
export function allocateNumber(db: Database, companyId: number, kind: NumberKind, year: number): string {
  if (!db.inTransaction) throw new Error('allocateNumber must run inside a write transaction');
  const bump = db.prepare(
    `INSERT INTO number_sequences (company_id, kind, year, last) VALUES (?, ?, ?, 1)
     ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last`,
  );
  const taken = db.prepare(`SELECT 1 FROM ${TABLE[kind]} WHERE company_id = ? AND number = ?`);
  for (;;) {
    const n = bump.pluck().get(companyId, kind, year) as number;
    const number = documentNumber(kind, year, n);
    if (taken.get(companyId, number) === undefined) return number;
  }
}
