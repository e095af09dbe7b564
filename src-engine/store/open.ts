/**
 * Opening the store. One writer connection per process (better-sqlite3 is synchronous, so writes are
 * naturally serialised); workers open their own read-only connections.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.js';

export type { Database };

export interface OpenOptions {
  readonly?: boolean;
  /** Skip migrations (read-only worker connections on a database the main thread already migrated). */
  migrate?: boolean;
}

export function openDatabase(path: string, opts: OpenOptions = {}): Database {
  if (!opts.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (!opts.readonly) {
    // WAL: readers (workers, the dashboard) never block the writer and vice versa.
    db.pragma('journal_mode = WAL');
    // synchronous=NORMAL in WAL mode: a commit is durable against an application crash and the database can
    // never be corrupted; only a power cut may lose the last few commits (fsync happens at checkpoint). FULL
    // would fsync every commit and halve small-write throughput; `kira` offers durable backups instead.
    db.pragma('synchronous = NORMAL');
    if (opts.migrate !== false) migrate(db);
  }
  db.pragma('cache_size = -65536'); // 64 MiB page cache
  db.pragma('temp_store = MEMORY');
  return db;
}
