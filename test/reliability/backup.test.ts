/**
 * Backups, restore and the start-up check on real files: online backup while writing, verification, retention,
 * restore (refused while open, keeps *.before-restore-<stamp>), the CLI commands, damaged files turned into a typed error
 * naming the newest backup, and rollups repaired after an unclean shutdown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyRetention, isoWeek } from '../../src-engine/core/retention.js';
import { generateDemo } from '../../src-engine/data/index.js';
import { startServer } from '../../src-engine/service/root/server.js';
import {
  backupDatabase,
  DatabaseInUseError,
  listBackups,
  listReplaced,
  restoreDatabase,
  verifyDatabaseFile,
} from '../../src-engine/store/backup.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { DatabaseCorruptError, openAtStartup } from '../../src-engine/store/startup.js';
import { Store } from '../../src-engine/store/store.js';
import { createExpense } from '../../src-engine/store/writes/expenses.js';
import { tempDir } from '../helpers/tmp.js';

function demoBooks(path: string): number[] {
  const store = Store.open(path);
  const ids = generateDemo(store, { companies: 2, expenses: 2_000, invoices: 200, seed: 3 }).companyIds;
  store.close();
  return ids;
}

const kira = (...args: string[]) => spawnSync(process.execPath, ['bin/kira.js', ...args], { encoding: 'utf8' });
const count = (path: string) => {
  const s = Store.open(path);
  try {
    return s.db.prepare('SELECT count(*) FROM expenses').pluck().get() as number;
  } finally {
    s.close();
  }
};

describe('retention (pure)', () => {
  it('keeps the newest N, the newest of each of the last N days and ISO weeks', () => {
    const day = 86_400_000;
    const base = Date.UTC(2024, 2, 20, 12);
    // Four backups a day for 60 days.
    const items = Array.from({ length: 240 }, (_, i) => ({ name: `b${i}`, at: base - Math.floor(i / 4) * day - (i % 4) * 3_600_000 }));
    const { keep, remove } = applyRetention(items, { recent: 3, daily: 7, weekly: 4 });
    expect(keep.length + remove.length).toBe(240);
    expect(keep[0]!.at).toBe(base);
    const days = new Set(keep.map((k) => new Date(k.at).toISOString().slice(0, 10)));
    expect(days.size).toBeLessThanOrEqual(7 + 4);
    expect(keep.length).toBeLessThanOrEqual(3 + 7 + 4);
    expect(new Set(keep.map((k) => isoWeek(k.at))).size).toBeGreaterThanOrEqual(4);
    expect(isoWeek(Date.UTC(2021, 0, 3))).toBe('2020-W53');
  });
});

describe('backup and restore', () => {
  it('backs up online while writing, verifies, prunes, restores and keeps the replaced file', async () => {
    const tmp = tempDir('kira-backup-');
    try {
      const path = tmp.path('books.db');
      const [a] = demoBooks(path);
      const store = Store.open(path);
      // Writes interleaved with a slow, small-step backup from the writing connection: the copy is consistent.
      let writes = 0;
      const writer = setInterval(() => {
        createExpense(store, a!, { date: '2024-01-02', category: 'travel', amount: 100 });
        writes++;
      }, 1);
      const first = await backupDatabase(store.db, path, { reason: 'manual', pagesPerStep: 5 });
      clearInterval(writer);
      expect(writes).toBeGreaterThan(0);
      expect(verifyDatabaseFile(first.path).problems).toEqual([]);
      expect(first.name).toMatch(/^books-\d{8}T\d{9}Z-manual\.db$/);
      const snap = new Store(new (await import('better-sqlite3')).default(first.path, { readonly: true }), first.path);
      expect(compareRollups(snap.db)).toEqual([]);
      snap.close();
      // Retention: 12 backups over 12 days with {recent 2, daily 3, weekly 1} → 2..4 survive, the newest among them.
      for (let d = 1; d <= 12; d++)
        await backupDatabase(store.db, path, { now: () => new Date(Date.UTC(2020, 0, d, 9)), retention: false, reason: 'auto' });
      const r = await backupDatabase(store.db, path, { reason: 'manual', retention: { recent: 2, daily: 3, weekly: 1 } });
      expect(r.pruned.length).toBeGreaterThan(8);
      expect(listBackups(path)[0]!.path).toBe(r.path);
      // Restore is refused while the database is open.
      expect(() => restoreDatabase(path, r.path)).toThrow(DatabaseInUseError);
      const before = store.db.prepare('SELECT count(*) FROM expenses').pluck().get() as number;
      createExpense(store, a!, { date: '2024-01-03', category: 'travel', amount: 999 }); // after the backup
      store.close();
      const out = kira('restore', '--db', path, '--latest');
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/Restored .*books\.db from .*books-.*-manual\.db/);
      expect(count(path)).toBe(before);
      expect(listReplaced(path)).toHaveLength(1);
      expect(count(listReplaced(path)[0]!.path)).toBe(before + 1);
      // The CLI backup of a database, into --out, verified.
      const cli = kira('backup', '--db', path, '--out', tmp.path('copy.db'));
      expect(cli.status, cli.stderr).toBe(0);
      expect(cli.stdout).toMatch(/Backup written: .*copy\.db .*integrity ok/);
      expect(count(tmp.path('copy.db'))).toBe(before);
      // A damaged file is never restored.
      writeFileSync(tmp.path('bad.db'), 'not a database at all'.repeat(100));
      const bad = kira('restore', '--db', path, '--from', tmp.path('bad.db'));
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/not a usable backup/);
    } finally {
      tmp.cleanup();
    }
  });

  it('takes a backup at clean shutdown of the service', async () => {
    const tmp = tempDir('kira-backup-');
    try {
      const path = tmp.path('kira.db');
      demoBooks(path);
      const server = await startServer({
        dbPath: path,
        workers: 0,
        warm: false,
        rendererDir: tmp.path('none'),
        backup: { onShutdown: true },
      });
      await server.close();
      const backups = listBackups(path);
      expect(backups).toHaveLength(1);
      expect(backups[0]!.name).toMatch(/-shutdown\.db$/);
      expect(verifyDatabaseFile(backups[0]!.path).problems).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('start-up check', () => {
  it('turns a damaged file into a typed error naming the newest backup and the restore command', async () => {
    const tmp = tempDir('kira-startup-');
    try {
      const path = tmp.path('kira.db');
      demoBooks(path);
      const s = Store.open(path);
      const b = await backupDatabase(s.db, path, { reason: 'manual' });
      s.close();
      const good = readFileSync(path);
      // 1) garbage over the file, 2) a truncated file, 3) damaged pages inside a valid header.
      const damages: [string, () => void][] = [
        ['garbage', () => writeFileSync(path, Buffer.alloc(good.length, 0x41))],
        [
          'truncated',
          () => {
            writeFileSync(path, good);
            truncateSync(path, Math.floor(good.length / 3));
          },
        ],
        [
          'pages',
          () => {
            const bytes = Buffer.from(good);
            for (let i = 8192; i < bytes.length; i += 4096) bytes.fill(0x5a, i + 100, i + 1200);
            writeFileSync(path, bytes);
          },
        ],
      ];
      for (const [what, damage] of damages) {
        damage();
        let error: unknown;
        try {
          openAtStartup(path).close();
        } catch (e) {
          error = e;
        }
        expect(error, what).toBeInstanceOf(DatabaseCorruptError);
        const e = error as DatabaseCorruptError;
        expect(e.code).toBe('database_corrupt');
        expect(e.details.newest_backup).toBe(b.path);
        expect(e.message).toContain(`kira restore --db ${path} --latest`);
        // startServer refuses the same way (no crash, nothing listening).
        await expect(startServer({ dbPath: path, workers: 0, warm: false, rendererDir: tmp.path('none') })).rejects.toBeInstanceOf(
          DatabaseCorruptError,
        );
        // kira serve prints the way out and exits 1.
        const serve = kira('serve', '--db', path, '--no-backup');
        // With its stderr: a CLI that could not load (dist/ rebuilt beside the test) also exits 1.
        expect(serve.status, `${what}: ${serve.stderr}`).toBe(1);
        expect(serve.stderr).toMatch(/is damaged .*kira restore --db .* --latest/);
      }
      // And the way out works.
      const restored = kira('restore', '--db', path, '--latest');
      expect(restored.status, restored.stderr).toBe(0);
      const ok = openAtStartup(path);
      expect(ok.report.quick_check).toBe('ok');
      ok.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('after an unclean shutdown, checks and rebuilds rollups that differ from the raw rows', () => {
    const tmp = tempDir('kira-startup-');
    try {
      const path = tmp.path('kira.db');
      const [a, b] = demoBooks(path);
      const s = Store.open(path);
      s.db
        .prepare(
          'UPDATE expense_daily SET amount = amount + 1 WHERE company_id = ? AND day = (SELECT min(day) FROM expense_daily WHERE company_id = ?)',
        )
        .run(b, b);
      s.close();
      // A marker left by a process that no longer exists = unclean shutdown.
      writeFileSync(`${path}.running-999999`, '{}');
      const started = openAtStartup(path);
      try {
        expect(started.report.unclean).toBe(true);
        expect(started.report.quick_check).toBe('ok');
        expect(started.report.rollups.checked.sort()).toEqual([a, b].sort());
        expect(started.report.rollups.repaired).toEqual([b]);
        expect(compareRollups(started.store.db)).toEqual([]);
        expect(existsSync(`${path}.running-999999`)).toBe(false);
        expect(existsSync(`${path}.running-${process.pid}`)).toBe(true);
      } finally {
        started.close();
      }
      expect(existsSync(`${path}.running-${process.pid}`)).toBe(false);
      // A clean start checks no rollups.
      const clean = openAtStartup(path);
      expect(clean.report.unclean).toBe(false);
      expect(clean.report.rollups.checked).toEqual([]);
      clean.close();
      expect(statSync(path).size).toBeGreaterThan(0);
    } finally {
      tmp.cleanup();
    }
  });
});
