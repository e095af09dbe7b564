/**
 * Versioned migrations, applied at open, each in its own transaction. The schema version lives in SQLite's
 * `user_version`; a database written by a newer Kira is refused rather than guessed at.
 */
import type { Database } from 'better-sqlite3';
import { KiraError } from '../core/errors.js';
import { MIGRATIONS } from './migrations/index.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class SchemaTooNewError extends KiraError {
  constructor(found: number, supported: number) {
    super(
      'conflict',
      'schema_too_new',
      `This database was written by a newer Kira (schema ${found}; this Kira knows up to ${supported}). ` +
        'Open it with that newer version, or restore a backup made by this one.',
      { found, supported },
    );
  }
}

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Bring the database up to the latest version; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const current = schemaVersion(db);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) throw new SchemaTooNewError(current, latest);
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      // user_version cannot be bound as a parameter; version is a number from our own list.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
