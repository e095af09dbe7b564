/** The demo database `npm start` and `kira serve --demo` open when none exists yet. */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { openDatabase } from '../store/open.js';
import { generateDemo, type DemoOptions } from './demo.js';

/**
 * Create a default demo at `path` unless a file is already there; returns whether it created one. The demo is
 * written to a side file and renamed into place, so an interrupted first start never leaves half a database.
 */
export function ensureDemoDatabase(path: string, opts: DemoOptions = {}): boolean {
  if (existsSync(path)) return false;
  const partial = `${path}.partial-${process.pid}`;
  const db = openDatabase(partial);
  try {
    generateDemo(db, opts);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    renameSync(partial, path);
  } finally {
    if (db.open) db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  }
  return true;
}
