import { describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src-engine/pool/pool.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import type { Store } from '../../src-engine/store/store.js';
import { RollupVerificationError } from '../../src-engine/pool/errors.js';
import { recalculateCompany } from '../../src-engine/pool/recalculate.js';
import { addExpense, withSeededPool } from './fixtures.js';

const expenseTotal = (store: Store, day: string) =>
  store.db.prepare('SELECT SUM(amount) FROM expense_daily WHERE company_id = 1 AND day = ?').pluck().get(day) as number | null;

describe('writes committed while the workers compute are not lost', () => {
  let store: Store;
  let pool: WorkerPool;
  withSeededPool((s, p) => {
    store = s;
    pool = p;
  });

  it('recomputes the partitions a write touched after the workers read them', async () => {
    const before = expenseTotal(store, '2024-03-01') ?? 0;
    // The hook runs after every worker has returned its rows and before the swap: their snapshots cannot
    // contain this write, so only the stale-partition recomputation can carry it into the rollups.
    const result = await recalculateCompany(store, pool, 1, {
      minRowsPerPartition: 50,
      beforeSwap: () => {
        addExpense(store, 1, '2024-03-01', 12_345);
      },
    });
    expect(result.recomputed_partitions).toBe(1);
    expect(expenseTotal(store, '2024-03-01')).toBe(before + 12_345);
    expect(compareRollups(store.db)).toEqual([]);
  });

  it('rolls back, leaving the old rollups, when a write it could not see makes verification fail', async () => {
    store.db.exec(`UPDATE expense_daily SET amount = amount + 3 WHERE company_id = 1 AND day = '2024-02-01'`);
    const corrupted = store.db.prepare('SELECT * FROM expense_daily WHERE company_id = 1 ORDER BY day, category').all();
    // A write outside the change feed (as another process would make): no event, so no partition is marked.
    const sneak = () => {
      store.db.prepare("INSERT INTO expenses (company_id, date, category, amount) VALUES (1, '2024-04-02', 'meals', 999)").run();
    };
    const outcome = recalculateCompany(store, pool, 1, { minRowsPerPartition: 50, beforeSwap: sneak });
    await expect(outcome).rejects.toBeInstanceOf(RollupVerificationError);
    // The sneaked insert's trigger updated its own day; everything else is as before the attempt.
    const after = store.db
      .prepare(
        "SELECT * FROM expense_daily WHERE company_id = 1 AND NOT (day = '2024-04-02' AND category = 'meals') ORDER BY day, category",
      )
      .all();
    expect(after).toEqual(
      corrupted.filter((r) => !((r as { day: string }).day === '2024-04-02' && (r as { category: string }).category === 'meals')),
    );
  });
});
