/**
 * Restore: replaces the database while nothing has it open and keeps the replaced file as
 * `*.before-restore-<UTC stamp>`, a name never used before, so no restore ever overwrites what an earlier one kept.
 */
import BetterSqlite3, { SqliteError, type Database } from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConflictError, UnprocessableError } from '../core/errors.js';
import { parseStamp, stampOf } from '../core/retention.js';
import { escapeRe, fsyncPath, verifyDatabaseFile, type BackupInfo } from './backup-files.js';
import { runningMarkers } from './backup-markers.js';

export class DatabaseInUseError extends ConflictError {
  constructor(path: string, holder: string) {
    super(`${path} is open in another process (${holder}); stop Kira before restoring`, { path, holder }, 'database_in_use');
  }
}

/**
 * A name for the replaced database that nothing has used: `<db>.before-restore-<UTC stamp>`; the stamp moves on by a
 * millisecond while the name (or its -wal/-journal) exists, so a second restore never overwrites the first one's copy.
 */
export function beforeRestoreName(dbPath: string, at: number): string {
  const target = resolve(dbPath);
  const taken = (p: string) => ['', '-wal', '-shm', '-journal'].some((s) => existsSync(p + s));
  while (taken(`${target}.before-restore-${stampOf(at)}`)) at += 1;
  return `${target}.before-restore-${stampOf(at)}`;
}

/** The files earlier restores kept (`<db>.before-restore-<stamp>`, and a legacy `<db>.before-restore`), newest first. */
export function listReplaced(dbPath: string): BackupInfo[] {
  const target = resolve(dbPath);
  const dir = dirname(target);
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${escapeRe(basename(target))}\\.before-restore(?:-(\\d{8}T\\d{9}Z))?$`);
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const m = re.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const st = statSync(path);
    out.push({ path, name, at: m[1] ? (parseStamp(m[1]) ?? st.mtimeMs) : st.mtimeMs, bytes: st.size });
  }
  return out.sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : -1));
}

export interface RestoreResult {
  restored_from: string;
  db: string;
  /** Where the replaced database went (null when there was none). */
  replaced: string | null;
  schema_version: number;
  duration_ms: number;
}

/** Refuse when another connection has the database open: an exclusive lock cannot be had then. */
function assertNotInUse(dbPath: string): void {
  const live = runningMarkers(dbPath).filter((m) => m.alive && m.pid !== process.pid);
  if (live.length > 0) throw new DatabaseInUseError(dbPath, `pid ${live.map((m) => m.pid).join(', ')}`);
  if (!existsSync(dbPath)) return;
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(dbPath, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    // Fold the WAL in, so the file kept as *.before-restore-<stamp> is complete on its own.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) {
    if (e instanceof SqliteError && e.code.startsWith('SQLITE_BUSY')) throw new DatabaseInUseError(dbPath, 'a SQLite connection holds it');
    // A damaged file cannot be locked or checkpointed; it is replaced as it is (the usual reason to restore).
  } finally {
    try {
      db?.close();
    } catch {
      /* a damaged file may refuse even this */
    }
  }
}

/**
 * Put the backup `from` in place of `dbPath`. The backup is verified first; the database must not be open
 * anywhere; the replaced file (with any -wal) is kept as `<db>.before-restore-<stamp>` (never overwritten: see
 * beforeRestoreName). The copy is written beside
 * the database, fsynced and renamed, so a crash leaves either the old or the new file, never half of one.
 */
export function restoreDatabase(dbPath: string, from: string, now: () => Date = () => new Date()): RestoreResult {
  const started = performance.now();
  const target = resolve(dbPath);
  const source = resolve(from);
  if (source === target) throw new UnprocessableError('the backup to restore is the database itself', { from });
  if (!existsSync(source)) throw new UnprocessableError(`no backup at ${from}`, { from });
  const { problems, schema_version } = verifyDatabaseFile(source);
  if (problems.length > 0) {
    throw new UnprocessableError(
      `${from} is not a usable backup: ${problems.slice(0, 3).join('; ')}`,
      { from, problems: problems.slice(0, 10) },
      'backup_unusable',
    );
  }
  assertNotInUse(target);
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.restoring`;
  rmSync(staging, { force: true });
  copyFileSync(source, staging);
  fsyncPath(staging);
  let replaced: string | null = null;
  if (existsSync(target)) {
    replaced = beforeRestoreName(target, now().getTime());
    // The -shm file is only an index of the WAL, rebuilt on open; the WAL and a rollback journal are data.
    rmSync(`${target}-shm`, { force: true });
    for (const suffix of ['-wal', '-journal']) if (existsSync(target + suffix)) renameSync(target + suffix, replaced + suffix);
    renameSync(target, replaced);
  }
  renameSync(staging, target);
  fsyncPath(dirname(target));
  // Markers of dead processes described the replaced file.
  for (const m of runningMarkers(target)) if (!m.alive) rmSync(m.path, { force: true });
  return { restored_from: source, db: target, replaced, schema_version, duration_ms: Math.round(performance.now() - started) };
}
