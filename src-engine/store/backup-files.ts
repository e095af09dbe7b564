/**
 * Backup files on disk: where a database's backups live (`backups/<stem>-<UTC stamp>[-reason].db` beside it),
 * listing them newest first, verifying a database file, and fsync. No SQLite writes here.
 */
import BetterSqlite3, { SqliteError, type Database } from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseStamp } from '../core/retention.js';
import { LATEST_VERSION } from './migrate.js';

const BACKUP_DIR = 'backups';

export interface BackupInfo {
  path: string;
  name: string;
  /** When the backup was taken (ms since the epoch, from its name). */
  at: number;
  bytes: number;
}

export function backupDir(dbPath: string): string {
  return join(dirname(resolve(dbPath)), BACKUP_DIR);
}

export function stemOf(dbPath: string): string {
  const base = basename(dbPath);
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** This database's backups in its backups/ folder, newest first (other files there are ignored). */
export function listBackups(dbPath: string): BackupInfo[] {
  const dir = backupDir(dbPath);
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${escapeRe(stemOf(dbPath))}-(\\d{8}T\\d{9}Z)(?:-[a-z0-9]+)?\\.db$`);
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const m = re.exec(name);
    const at = m ? parseStamp(m[1]!) : null;
    if (at === null) continue;
    const path = join(dir, name);
    out.push({ path, name, at, bytes: statSync(path).size });
  }
  return out.sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : -1));
}

export function newestBackup(dbPath: string): BackupInfo | null {
  return listBackups(dbPath)[0] ?? null;
}

/** Open read-only and run SQLite's full integrity check; returns the problems (empty = sound) and the schema version. */
export function verifyDatabaseFile(path: string): { problems: string[]; schema_version: number } {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) problems.push('not a Kira database (schema version 0)');
    if (version > LATEST_VERSION) problems.push(`written by a newer Kira (schema ${version}; this one knows up to ${LATEST_VERSION})`);
    return { problems, schema_version: version };
  } catch (e) {
    if (e instanceof SqliteError || (e as NodeJS.ErrnoException).code === 'ENOENT')
      return { problems: [(e as Error).message], schema_version: 0 };
    throw e;
  } finally {
    db?.close();
  }
}

export function fsyncPath(path: string): void {
  // Directories cannot be opened for fsync on every platform; the file's own fsync is what matters most.
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}
