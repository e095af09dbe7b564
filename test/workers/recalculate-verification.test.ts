import { describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src-engine/pool/pool.js';
import type { ChangeEvent } from '../../src-engine/store/changes.js';
import { openDatabase } from '../../src-engine/store/open.js';
import { compareRollups, ROLLUPS } from '../../src-engine/store/rollups.js';
import type { Store } from '../../src-engine/store/store.js';
import { RollupVerificationError } from '../../src-engine/pool/errors.js';
import { recalculateCompany } from '../../src-engine/pool/recalculate.js';
import type { PartitionResult } from '../../src-engine/workers/task-types.js';
import { withSeededPool } from './fixtures.js';

function rollupSnapshot(store: Store, companyId: number): Record<string, unknown[]> {
  return Object.fromEntries(
    ROLLUPS.map((r) => [r.table, store.db.prepare(`SELECT * FROM ${r.table} WHERE company_id = ? ORDER BY 1, 2, 3`).raw().all(companyId)]),
  );
}

/** Rewrite one table's rows in the first result of `kind` that has any. */
function corrupt(results: PartitionResult[], kind: PartitionResult['kind'], table: string, edit: (rows: unknown[][]) => unknown[][]): void {
  const target = results.find((r) => r.kind === kind && (JSON.parse(r.rows[table] ?? '[]') as unknown[]).length > 0);
  if (!target) throw new Error(`no ${kind} partition with ${table} rows`);
  target.rows[table] = JSON.stringify(edit(JSON.parse(target.rows[table] ?? '[]') as unknown[][]));
}

describe('recalculation verification (control totals) catches a wrong partition and rolls back', () => {
  let store: Store;
  let pool: WorkerPool;
  withSeededPool((s, p) => {
    store = s;
    pool = p;
  });

  const cases: [string, PartitionResult['kind'], string, (rows: unknown[][]) => unknown[][]][] = [
    [
      'an altered expense amount',
      'expenses',
      'expense_daily',
      (rows) => rows.map((r, i) => (i === 0 ? [...r.slice(0, 3), Number(r[3]) + 1, ...r.slice(4)] : r)),
    ],
    ['a dropped client revenue row', 'invoices', 'client_revenue_daily', (rows) => rows.slice(1)],
    [
      'a row filed under another status',
      'invoices',
      'invoice_issued_daily',
      (rows) => rows.map((r, i) => (i === 0 ? [r[0], r[1], r[2] === 'paid' ? 'sent' : 'paid', ...r.slice(3)] : r)),
    ],
    ['a duplicated quote row', 'people', 'quote_daily', (rows) => [...rows, rows[0] ?? []]],
    ['another company’s rows', 'expenses', 'expense_daily', (rows) => rows.map((r, i) => (i === 0 ? [2, ...r.slice(1)] : r))],
  ];
  for (const [what, kind, table, edit] of cases) {
    it(`${what} (${table}): RollupVerificationError, old rollups kept, no change published`, async () => {
      // Corrupt the stored rollups first: a rolled-back swap must leave exactly these.
      store.db.exec(
        `UPDATE expense_daily SET amount = amount + 5 WHERE company_id = 1 AND day = (SELECT MIN(day) FROM expense_daily WHERE company_id = 1)`,
      );
      const before = [rollupSnapshot(store, 1), rollupSnapshot(store, 2)];
      const changes: ChangeEvent[] = [];
      const unsubscribe = store.changes.subscribe((e) => changes.push(e));
      const outcome = recalculateCompany(store, pool, 1, {
        minRowsPerPartition: 50,
        beforeSwap: (results) => corrupt(results, kind, table, edit),
      });
      await expect(outcome).rejects.toBeInstanceOf(RollupVerificationError);
      unsubscribe();
      expect([rollupSnapshot(store, 1), rollupSnapshot(store, 2)]).toEqual(before);
      expect(changes).toEqual([]);
    });
  }

  it('the same recalculation without corruption repairs the rollups (control totals pass)', async () => {
    const result = await recalculateCompany(store, pool, 1, { minRowsPerPartition: 50 });
    expect(result.verification).toBe('totals');
    expect(compareRollups(store.db, [1])).toEqual([]);
  });

  it("verify: 'full' also compares every row", async () => {
    const result = await recalculateCompany(store, pool, 1, { minRowsPerPartition: 50, verify: 'full' });
    expect(result.verification).toBe('full');
    expect(compareRollups(store.db, [1])).toEqual([]);
  });

  it('falls back to the full comparison when another connection committed, and rolls back on its mismatch', async () => {
    // An update that keeps every count, by another connection (as another process would): invisible to the
    // change feed and to the raw counts, seen through PRAGMA data_version.
    const other = openDatabase(store.path);
    try {
      const outcome = recalculateCompany(store, pool, 1, {
        minRowsPerPartition: 50,
        beforeSwap: () => {
          other.prepare('UPDATE expenses SET amount = amount + 11 WHERE id = (SELECT MIN(id) FROM expenses WHERE company_id = 1)').run();
        },
      });
      await expect(outcome).rejects.toBeInstanceOf(RollupVerificationError);
      // The other connection's triggers kept the rollups right; the failed swap did not undo that.
      expect(compareRollups(store.db, [1])).toEqual([]);
      // A foreign write to another company: the full comparison runs and passes.
      const ok = await recalculateCompany(store, pool, 1, {
        minRowsPerPartition: 50,
        beforeSwap: () => {
          other.prepare("INSERT INTO expenses (company_id, date, category, amount) VALUES (2, '2024-05-05', 'meals', 10)").run();
        },
      });
      expect(ok.verification).toBe('full');
    } finally {
      other.close();
    }
  });
});
