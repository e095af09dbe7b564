/**
 * Imports happen exactly once: every imported bank transaction leaves its key here (the bank's own id where the
 * format has one, else the contract's fingerprint), and a later file carrying the same key is counted as a
 * duplicate instead of written again. Mappings for other programs' CSVs are saved per company by name.
 */
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  version: 5,
  name: 'import fingerprints and saved mappings',
  sql: `
CREATE TABLE import_fingerprints (
  company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  -- what the transaction became: an expense, or a payment that marked an invoice paid
  kind        TEXT NOT NULL CHECK (kind IN ('expense', 'payment')),
  ref_id      INTEGER NOT NULL,
  date        TEXT NOT NULL,
  amount      INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (company_id, key)
) WITHOUT ROWID;

CREATE TABLE import_mappings (
  company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  mapping     TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (company_id, name)
) WITHOUT ROWID;`,
};
