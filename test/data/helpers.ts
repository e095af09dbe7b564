import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { exportRows, type ExportFormat } from '../../src-engine/data/export.js';
import type { ImportKind } from '../../src-engine/core/csv-rows.js';

/** A digest of every row of every table: equal digests mean nothing was written. */
export function digestTables(db: Database): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const t of tables) {
    const rows = (db.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
    hash.update(`${t}\n${rows.join('\n')}\n`);
  }
  return hash.digest('hex');
}

/** `digestTables` of a database file, opened read-only for the look. */
export function digestFile(path: string): string {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return digestTables(db);
  } finally {
    db.close();
  }
}

export function csvStream(text: string | Buffer): Readable {
  return Readable.from([typeof text === 'string' ? Buffer.from(text) : text]);
}

export function exportText(db: Database, companyId: number, kind: ImportKind, format: ExportFormat = 'csv'): string {
  return [...exportRows(db, companyId, kind, format, 7)].join('');
}

export function addCompany(db: Database, name = 'Test Co', currency = 'MYR'): number {
  return Number(
    db
      .prepare("INSERT INTO companies (name, currency, time_zone, created_at) VALUES (?, ?, 'Asia/Kuala_Lumpur', '2025-01-01T00:00:00Z')")
      .run(name, currency).lastInsertRowid,
  );
}
