/**
 * Each task opens its own read-only connection and closes it when done. Keeping connections open between tasks
 * saved about a millisecond per task but left native SQLite handles alive in threads that the pool terminates
 * at shutdown — the moment native addons are most fragile — for no measurable gain on tasks that take tens to
 * hundreds of milliseconds (the OS page cache stays warm either way).
 */
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../store/open.js';

export function withReadConnection<T>(path: string, use: (db: Database) => T): T {
  const db = openDatabase(path, { readonly: true });
  try {
    return use(db);
  } finally {
    db.close();
  }
}
