/** Mappings saved per company by name (table import_mappings), validated before they are stored. */
import type { Database } from 'better-sqlite3';
import type { ImportKind } from '../../core/csv-rows.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { LIMITS } from '../../core/validate/limits.js';
import { getCompany } from '../../store/reads/companies.js';
import type { Store } from '../../store/store.js';
import { mappingJson, validateMapping, type Mapping } from './mapping.js';

const NAME = new RegExp(`^[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]{0,${LIMITS.mappingNameLength - 1}}$`, 'u');

/** Which kind a mapping is for, from its columns: invoice fields → invoices, any others → expenses, none → a statement's. */
export function mappingKind(input: unknown): ImportKind | null {
  const cols = typeof input === 'object' && input !== null ? (input as { columns?: unknown }).columns : undefined;
  if (typeof cols !== 'object' || cols === null || Object.keys(cols).length === 0) return null;
  return 'number' in cols || 'issue_date' in cols ? 'invoices' : 'expenses';
}

function checkMappingName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ValidationError(
      `A mapping name is 1–${LIMITS.mappingNameLength} letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.`,
      { field: 'name', value: name },
      'invalid_parameter',
    );
  }
  return name;
}

export function saveMapping(
  store: Store,
  companyId: number,
  name: unknown,
  input: unknown,
  now = new Date(),
): { name: string; mapping: Record<string, unknown> } {
  const n = checkMappingName(name);
  const m = validateMapping(input, mappingKind(input));
  const json = mappingJson(m);
  store.write(() => {
    getCompany(store.db, companyId); // throws the repository's "company N does not exist"
    store.db
      .prepare(
        'INSERT INTO import_mappings (company_id, name, mapping, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at',
      )
      .run(companyId, n, JSON.stringify(json), now.toISOString());
    return { result: undefined, change: null };
  });
  return { name: n, mapping: json };
}

export function loadMapping(db: Database, companyId: number, name: string, kind: ImportKind | null): Mapping {
  const row = db.prepare('SELECT mapping FROM import_mappings WHERE company_id = ? AND name = ?').pluck().get(companyId, name) as
    string | undefined;
  if (row === undefined) throw new NotFoundError('mapping', name);
  const json = JSON.parse(row) as unknown;
  return validateMapping(json, kind ?? mappingKind(json));
}

export function listMappings(db: Database, companyId: number): { name: string; mapping: Record<string, unknown>; updated_at: string }[] {
  return (
    db.prepare('SELECT name, mapping, updated_at FROM import_mappings WHERE company_id = ? ORDER BY name').all(companyId) as {
      name: string;
      mapping: string;
      updated_at: string;
    }[]
  ).map((r) => ({ name: r.name, mapping: JSON.parse(r.mapping) as Record<string, unknown>, updated_at: r.updated_at }));
}
