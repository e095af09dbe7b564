/**
 * Nothing lost on restore: two real `kira restore` runs in a row (child processes on a real file) each keep the
 * database they replace under its own `.before-restore-<stamp>` name, byte for byte, and neither overwrites the other.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-engine/data/index.js';
import { backupDatabase, beforeRestoreName, listReplaced } from '../../src-engine/store/backup.js';
import { Store } from '../../src-engine/store/store.js';
import { createExpense } from '../../src-engine/store/writes/expenses.js';
import { tempDir } from '../helpers/tmp.js';

const kira = (...args: string[]) => spawnSync(process.execPath, ['bin/kira.js', ...args], { encoding: 'utf8' });

function expenseAmounts(path: string): number[] {
  const s = Store.open(path);
  try {
    return s.db.prepare('SELECT amount FROM expenses ORDER BY id').pluck().all() as number[];
  } finally {
    s.close();
  }
}

describe('kira restore keeps every file it replaces', () => {
  it('two restores in a row keep both replaced databases with their exact contents', async () => {
    const tmp = tempDir('kira-restore-');
    try {
      const path = tmp.path('books.db');
      const store = Store.open(path);
      const [a] = generateDemo(store, { companies: 1, expenses: 300, invoices: 20, seed: 9 }).companyIds;
      const backup = await backupDatabase(store.db, path, { reason: 'manual' });
      // State 1: the backup plus one expense of 111.
      createExpense(store, a!, { date: '2024-02-01', category: 'travel', amount: 111 });
      store.close();
      const state1 = readFileSync(path);
      const amounts1 = expenseAmounts(path);

      const first = kira('restore', '--db', path, '--from', backup.path, '--json');
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      const r1 = JSON.parse(first.stdout) as { replaced: string };
      expect(r1.replaced).toMatch(/books\.db\.before-restore-\d{8}T\d{9}Z$/);

      // State 2: the restored backup plus one expense of 222.
      const again = Store.open(path);
      createExpense(again, a!, { date: '2024-02-02', category: 'travel', amount: 222 });
      again.close();
      const state2 = readFileSync(path);
      const amounts2 = expenseAmounts(path);
      expect(amounts2).not.toEqual(amounts1);

      const second = kira('restore', '--db', path, '--from', backup.path, '--json');
      expect(second.stderr).toBe('');
      expect(second.status).toBe(0);
      const r2 = JSON.parse(second.stdout) as { replaced: string };
      expect(r2.replaced).not.toBe(r1.replaced);

      // Both kept, each with the exact bytes (and rows) of the database it replaced.
      expect(readFileSync(r1.replaced).equals(state1)).toBe(true);
      expect(readFileSync(r2.replaced).equals(state2)).toBe(true);
      expect(expenseAmounts(r1.replaced)).toEqual(amounts1);
      expect(expenseAmounts(r2.replaced)).toEqual(amounts2);
      expect(
        listReplaced(path)
          .map((k) => k.path)
          .sort(),
      ).toEqual([r1.replaced, r2.replaced].sort());
      const list = kira('restore', '--db', path, '--list');
      expect(list.stdout).toContain(r1.replaced);
      expect(list.stdout).toContain(r2.replaced);
    } finally {
      tmp.cleanup();
    }
  });

  it('never picks a name that is taken, even with the same clock reading', () => {
    const tmp = tempDir('kira-restore-');
    try {
      const path = tmp.path('books.db');
      const at = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
      const one = beforeRestoreName(path, at);
      writeFileSync(one, 'x');
      const two = beforeRestoreName(path, at);
      expect(two).not.toBe(one);
      expect(two.endsWith('.before-restore-20260102T030405007Z')).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });
});
