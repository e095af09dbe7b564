/**
 * Read-only connections kept per thread and per database file. Workers live between tasks, so reopening
 * (and re-warming the page cache) on every task would waste most of a short task.
 */
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../store/open.js';

const connections = new Map<string, Database>();

export function readConnection(path: string): Database {
  let db = connections.get(path);
  if (!db || !db.open) {
    db = openDatabase(path, { readonly: true });
    connections.set(path, db);
  }
  return db;
}
