/**
 * Opening the books at start-up (the service and `kira serve`): detect an unclean shutdown, check what a crash
 * could have hurt at a bounded cost, repair rollups, and turn a damaged file into a typed error that names the
 * way out (the newest backup and `kira restore`) instead of a crash.
 *
 * Cost choice. `PRAGMA quick_check` reads every page (seconds at a million rows) and `quick_check(1)` only limits
 * how many errors it reports, not the work. So a clean start does only O(1) probes (SQLite header, page count vs
 * file size, schema read) plus a quick_check when the file is small (≤ 64 MiB, tens of ms); the service's health
 * monitor runs the full quick_check in a worker right after start anyway. After an **unclean** shutdown — a
 * `<db>.running-<pid>` marker whose process is gone — start-up runs the full quick_check and compares the rollups
 * of each company (smallest first) with a recomputation within a time budget, rebuilding any that differ.
 * (WAL + transactions make both near-impossible to fail after a process crash; the checks are the proof, and they
 * catch damage from outside SQLite: a disk fault, a half-copied file.)
 */
import { SqliteError } from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { KiraError } from '../core/errors.js';
import { newestBackup, runningMarkers, writeRunningMarker } from './backup.js';
import type { OpenOptions } from './open.js';
import { compareRollups, rebuildRollups } from './rollups.js';
import { Store } from './store.js';

export class DatabaseCorruptError extends KiraError {
  constructor(path: string, reason: string) {
    const backup = newestBackup(path);
    const way = backup
      ? `Restore the newest backup (${backup.path}): kira restore --db ${path} --latest`
      : `No backup was found in the backups/ folder beside it; restore one you keep elsewhere with kira restore --db ${path} --from FILE`;
    super('unavailable', 'database_corrupt', `The database ${path} is damaged (${reason}). ${way}`, {
      path,
      reason,
      newest_backup: backup?.path ?? null,
      restore: backup ? `kira restore --db ${path} --latest` : `kira restore --db ${path} --from FILE`,
    });
  }
}

export interface StartupOptions extends OpenOptions {
  /** quick_check: after an unclean shutdown or for small files (auto, default), always, or never. */
  quickCheck?: 'auto' | 'always' | 'never';
  /** Files up to this size get a quick_check at every start in auto mode (default 64 MiB). */
  smallFileBytes?: number;
  /** Rollup checks: after an unclean shutdown (auto, default), always, or never. */
  rollupCheck?: 'auto' | 'always' | 'never';
  /** Time budget for the per-company rollup checks (default 30 s); companies beyond it are reported unchecked. */
  rollupBudgetMs?: number;
}

export interface StartupReport {
  /** A previous process had the database open and did not shut down cleanly. */
  unclean: boolean;
  stale_markers: number;
  quick_check: 'ok' | 'skipped';
  rollups: { checked: number[]; repaired: number[]; unchecked: number[] };
  duration_ms: number;
}

export interface StartedStore {
  store: Store;
  report: StartupReport;
  /** Close the store and remove this process's marker (a clean shutdown). */
  close(): void;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const DAMAGE_CODES = ['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_FORMAT'];

function isDamage(e: unknown): e is Error & { code: string } {
  return e instanceof SqliteError && DAMAGE_CODES.some((c) => e.code.startsWith(c));
}

/** O(1) look at the file: SQLite's magic, and a page count the file is long enough to hold. */
function headerProblem(path: string): string | null {
  const size = statSync(path).size;
  if (size === 0) return null; // a brand-new database
  if (size < 100) return `the file is ${size} bytes, shorter than a SQLite header`;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (!header.subarray(0, 16).equals(SQLITE_MAGIC)) return 'it is not a SQLite database file';
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // The in-header page count is valid when "version-valid-for" equals the change counter.
  if (header.readUInt32BE(92) === header.readUInt32BE(24) && pages * pageSize > size) {
    return `the file is truncated (${size} bytes; its header says ${pages} pages of ${pageSize})`;
  }
  return null;
}

function companiesBySize(store: Store): number[] {
  return store.db
    .prepare(
      `SELECT id FROM companies c ORDER BY
        (SELECT count(*) FROM expenses WHERE company_id = c.id) + (SELECT count(*) FROM invoices WHERE company_id = c.id), id`,
    )
    .pluck()
    .all() as number[];
}

export function openAtStartup(path: string, opts: StartupOptions = {}): StartedStore {
  const started = performance.now();
  const memory = path === ':memory:';
  const exists = !memory && existsSync(path);
  if (exists) {
    const problem = headerProblem(path);
    if (problem) throw new DatabaseCorruptError(path, problem);
  }
  const stale = memory ? [] : runningMarkers(path).filter((m) => !m.alive);
  const unclean = exists && stale.length > 0;

  let store: Store;
  try {
    store = Store.open(path, opts);
  } catch (e) {
    if (isDamage(e)) throw new DatabaseCorruptError(path, e.message);
    throw e;
  }
  const fail = (reason: string): never => {
    store.close();
    throw new DatabaseCorruptError(path, reason);
  };
  const report: StartupReport = {
    unclean,
    stale_markers: stale.length,
    quick_check: 'skipped',
    rollups: { checked: [], repaired: [], unchecked: [] },
    duration_ms: 0,
  };
  try {
    store.db.prepare('SELECT count(*) FROM sqlite_schema').get();
    const qc = opts.quickCheck ?? 'auto';
    const small = exists && statSync(path).size <= (opts.smallFileBytes ?? 64 * 1024 * 1024);
    if (qc === 'always' || (qc === 'auto' && (unclean || small))) {
      const rows = store.db.pragma('quick_check') as { quick_check: string }[];
      const bad = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
      if (bad.length > 0) fail(`quick_check: ${bad.slice(0, 3).join('; ')}`);
      report.quick_check = 'ok';
    }
    const rc = opts.rollupCheck ?? 'auto';
    if (rc === 'always' || (rc === 'auto' && unclean)) {
      const budget = opts.rollupBudgetMs ?? 30_000;
      const t0 = performance.now();
      for (const id of companiesBySize(store)) {
        if (performance.now() - t0 > budget) {
          report.rollups.unchecked.push(id);
          continue;
        }
        report.rollups.checked.push(id);
        if (compareRollups(store.db, [id], 1).length > 0) {
          rebuildRollups(store.db, [id]);
          report.rollups.repaired.push(id);
        }
      }
    }
  } catch (e) {
    if (e instanceof DatabaseCorruptError) throw e;
    if (isDamage(e)) fail(e.message);
    store.close();
    throw e;
  }
  let marker: string | null = null;
  if (!memory && !opts.readonly) {
    for (const m of stale) rmSync(m.path, { force: true });
    marker = writeRunningMarker(path);
  }
  report.duration_ms = Math.round(performance.now() - started);
  return {
    store,
    report,
    close() {
      store.close();
      if (marker) rmSync(marker, { force: true });
    },
  };
}

/** One line for the log when start-up found something worth saying, else null. */
export function describeStartup(path: string, r: StartupReport): string | null {
  if (!r.unclean && r.rollups.repaired.length === 0) return null;
  const parts = [`${path}: the last run did not shut down cleanly; quick_check ${r.quick_check}`];
  parts.push(`rollups checked for ${r.rollups.checked.length} companies`);
  if (r.rollups.repaired.length) parts.push(`rebuilt for company ${r.rollups.repaired.join(', ')}`);
  if (r.rollups.unchecked.length) parts.push(`not checked (time budget): company ${r.rollups.unchecked.join(', ')}`);
  return `kira: ${parts.join('; ')} (${r.duration_ms} ms)`;
}
