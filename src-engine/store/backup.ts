/**
 * Backups through SQLite's online backup API (better-sqlite3 `db.backup()`): a consistent snapshot taken page by
 * page while the service keeps writing, never a file copy of a live database. Each backup is written beside the
 * database in `backups/<stem>-<UTC stamp>[-reason].db`, converted to a self-contained rollback-journal file,
 * verified (opened read-only, `PRAGMA integrity_check`, schema version) and only then renamed into its final
 * name, so a crash mid-backup never leaves a backup that looks good but is not. Retention: core/retention.ts.
 * Restore replaces the database while nothing has it open and keeps the replaced file as
 * `*.before-restore-<UTC stamp>`, a name never used before, so no restore ever overwrites what an earlier one kept.
 */
import BetterSqlite3, { SqliteError, type Database } from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ConflictError, KiraError, UnprocessableError } from '../core/errors.js';
import { applyRetention, DEFAULT_RETENTION, parseStamp, stampOf, type RetentionPolicy } from '../core/retention.js';
import { LATEST_VERSION } from './migrate.js';

const BACKUP_DIR = 'backups';

export interface BackupInfo {
  path: string;
  name: string;
  /** When the backup was taken (ms since the epoch, from its name). */
  at: number;
  bytes: number;
}

export interface BackupResult extends BackupInfo {
  duration_ms: number;
  schema_version: number;
  integrity: 'ok';
  /** Backups deleted by the retention policy (paths). */
  pruned: string[];
}

class BackupFailedError extends KiraError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('internal', 'backup_failed', message, details);
  }
}

export class DatabaseInUseError extends ConflictError {
  constructor(path: string, holder: string) {
    super(`${path} is open in another process (${holder}); stop Kira before restoring`, { path, holder }, 'database_in_use');
  }
}

export function backupDir(dbPath: string): string {
  return join(dirname(resolve(dbPath)), BACKUP_DIR);
}

function stemOf(dbPath: string): string {
  const base = basename(dbPath);
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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

function fsyncPath(path: string): void {
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

export interface BackupOptions {
  /** Write here instead of backups/ (no retention is applied then). */
  out?: string;
  /** A word added to the file name: `manual`, `auto`, `shutdown`. */
  reason?: string;
  now?: () => Date;
  /** Applied to backups/ after a successful backup there (default DEFAULT_RETENTION); false keeps everything. */
  retention?: RetentionPolicy | false;
  /**
   * Pages copied per step (default 256, yielding to the event loop between steps). From the connection that does
   * the writing, writes between steps are applied to the backup too; from another process a write restarts the
   * copy, so the CLI copies in one step (a read transaction; WAL lets writers go on).
   */
  pagesPerStep?: number;
}

/** Take, verify and (in backups/) prune a backup of the open database `db`, whose file is `dbPath`. */
export async function backupDatabase(db: Database, dbPath: string, opts: BackupOptions = {}): Promise<BackupResult> {
  const started = performance.now();
  const now = opts.now ?? (() => new Date());
  let target: string;
  let at = now().getTime();
  if (opts.out) {
    target = resolve(opts.out);
  } else {
    const dir = backupDir(dbPath);
    mkdirSync(dir, { recursive: true });
    const suffix = opts.reason ? `-${opts.reason.replace(/[^a-z0-9]/gi, '').toLowerCase()}` : '';
    // Two backups in one millisecond get distinct names (and stay in order).
    while (existsSync(join(dir, `${stemOf(dbPath)}-${stampOf(at)}${suffix}.db`))) at += 1;
    target = join(dir, `${stemOf(dbPath)}-${stampOf(at)}${suffix}.db`);
  }
  if (resolve(target) === resolve(dbPath)) throw new UnprocessableError('a backup cannot overwrite its own database', { out: target });
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  try {
    const step = opts.pagesPerStep ?? 256;
    await db.backup(partial, { progress: () => step });
    // The copy carries the source's WAL flag; make it one self-contained file.
    const copy = new BetterSqlite3(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const { problems, schema_version } = verifyDatabaseFile(partial);
    if (problems.length > 0)
      throw new BackupFailedError(`the backup did not verify: ${problems.slice(0, 3).join('; ')}`, { problems: problems.slice(0, 10) });
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(dirname(target));
    const pruned = opts.out || opts.retention === false ? [] : pruneBackups(dbPath, opts.retention ?? DEFAULT_RETENTION);
    return {
      path: target,
      name: basename(target),
      at,
      bytes: statSync(target).size,
      duration_ms: Math.round(performance.now() - started),
      schema_version,
      integrity: 'ok',
      pruned,
    };
  } catch (e) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    if (e instanceof KiraError) throw e;
    throw new BackupFailedError(`backup of ${dbPath} failed: ${(e as Error).message}`);
  }
}

/** Delete the backups the policy does not keep; returns their paths. */
function pruneBackups(dbPath: string, policy: RetentionPolicy = DEFAULT_RETENTION): string[] {
  const { remove } = applyRetention(listBackups(dbPath), policy);
  for (const b of remove) rmSync(b.path, { force: true });
  return remove.map((b) => b.path);
}

// --- Ownership markers: `<db>.running-<pid>` exists while a service has the database open. ----------------------

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RunningMarker {
  path: string;
  pid: number;
  alive: boolean;
}

export function runningMarkers(dbPath: string): RunningMarker[] {
  const dir = dirname(resolve(dbPath));
  const prefix = `${basename(dbPath)}.running-`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => {
      const pid = Number(n.slice(prefix.length));
      return { path: join(dir, n), pid, alive: pidAlive(pid) };
    });
}

export function writeRunningMarker(dbPath: string): string {
  const path = `${resolve(dbPath)}.running-${process.pid}`;
  writeFileSync(path, JSON.stringify({ pid: process.pid, started_at: new Date().toISOString() }) + '\n');
  return path;
}

// --- Restore --------------------------------------------------------------------------------------------------

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

// --- Automatic backups ----------------------------------------------------------------------------------------

export interface AutoBackupOptions {
  /** Take a backup every this many ms (0 or absent: no timer). */
  intervalMs?: number;
  /** Take a backup when the service shuts down cleanly (default true). */
  onShutdown?: boolean;
  retention?: RetentionPolicy;
  onBackup?: (r: BackupResult) => void;
  onError?: (e: unknown) => void;
}

export interface AutoBackup {
  /** Take one now (waits for a running one first). */
  runNow(reason?: string): Promise<BackupResult | null>;
  /**
   * Stop the timer, wait for a running backup, then take the shutdown backup if configured — unless `final` is
   * false (a start that failed: nothing was served, so there is nothing to keep and no file to leave behind).
   */
  stop(final?: boolean): Promise<void>;
}

export function startAutoBackup(db: Database, dbPath: string, opts: AutoBackupOptions): AutoBackup {
  let running: Promise<BackupResult | null> = Promise.resolve(null);
  let stopped = false;
  const run = (reason: string): Promise<BackupResult | null> => {
    running = running.then(async () => {
      if (!db.open) return null;
      try {
        const r = await backupDatabase(db, dbPath, { reason, retention: opts.retention });
        opts.onBackup?.(r);
        return r;
      } catch (e) {
        opts.onError?.(e);
        return null;
      }
    });
    return running;
  };
  const timer = opts.intervalMs && opts.intervalMs > 0 ? setInterval(() => void run('auto'), opts.intervalMs) : null;
  timer?.unref();
  return {
    runNow: (reason = 'manual') => run(reason),
    async stop(final = true) {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      if (final && opts.onShutdown !== false) await run('shutdown');
    },
  };
}
