/**
 * Taking a backup through SQLite's online backup API (better-sqlite3 `db.backup()`): a consistent snapshot taken
 * page by page while the service keeps writing, never a file copy of a live database. It is written as
 * `<name>.partial`, converted to a self-contained rollback-journal file, verified (opened read-only,
 * `PRAGMA integrity_check`, schema version) and only then renamed into its final name, so a crash mid-backup never
 * leaves a backup that looks good but is not. Retention (core/retention.ts) prunes backups/ afterwards.
 */
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KiraError, UnprocessableError } from '../core/errors.js';
import { applyRetention, DEFAULT_RETENTION, stampOf, type RetentionPolicy } from '../core/retention.js';
import { backupDir, fsyncPath, listBackups, stemOf, verifyDatabaseFile, type BackupInfo } from './backup-files.js';

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
