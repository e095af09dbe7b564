import { describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../src-engine/pool/pool.js';
import type { ChangeEvent } from '../../src-engine/store/changes.js';
import { compareRollups, ROLLUPS } from '../../src-engine/store/rollups.js';
import type { Store } from '../../src-engine/store/store.js';
import type { RecalculationProgress } from '../../src-engine/core/recalculation.js';
import { recalculateCompany } from '../../src-engine/pool/recalculate.js';
import { withSeededPool } from './fixtures.js';

function rollupSnapshot(store: Store, companyId: number): Record<string, unknown[]> {
  return Object.fromEntries(
    ROLLUPS.map((r) => [r.table, store.db.prepare(`SELECT * FROM ${r.table} WHERE company_id = ? ORDER BY 1, 2, 3`).raw().all(companyId)]),
  );
}

describe('recalculateCompany rebuilds one company from raw rows in worker threads', () => {
  let store: Store;
  let pool: WorkerPool;
  withSeededPool((s, p) => {
    store = s;
    pool = p;
  });

  it('repairs corrupted rollups of the company, leaves the others as they were, reports progress and one change', async () => {
    const expected = rollupSnapshot(store, 1);
    // Corrupt company 1 every way a rollup can be wrong: wrong value, missing row, extra row.
    store.db.exec(`UPDATE expense_daily SET amount = amount + 7 WHERE company_id = 1;
      DELETE FROM invoice_paid_daily WHERE company_id = 1;
      UPDATE client_totals SET revenue = 0, quote_count = 99 WHERE company_id = 1;
      INSERT INTO quote_daily VALUES (1, '1999-01-01', 5, 0);`);
    // Company 2 is corrupted too: if the recalculation touched it, this would be repaired.
    store.db.exec(`UPDATE expense_daily SET amount = amount + 1 WHERE company_id = 2`);
    const company2Before = rollupSnapshot(store, 2);
    const company3Before = rollupSnapshot(store, 3);
    expect(compareRollups(store.db, [1]).length).toBeGreaterThan(0);

    const progress: RecalculationProgress[] = [];
    const changes: ChangeEvent[] = [];
    const unsubscribe = store.changes.subscribe((e) => changes.push(e));
    // Small partitions so several workers split each table and straddling keys must be merged.
    const result = await recalculateCompany(store, pool, 1, { onProgress: (p) => progress.push(p), minRowsPerPartition: 50 });
    unsubscribe();

    expect(compareRollups(store.db, [1])).toEqual([]);
    expect(rollupSnapshot(store, 1)).toEqual(expected);
    expect(rollupSnapshot(store, 2)).toEqual(company2Before);
    expect(rollupSnapshot(store, 3)).toEqual(company3Before);
    expect(compareRollups(store.db, [2]).length).toBeGreaterThan(0);

    expect(result.verified).toBe(true);
    expect(result.rows).toEqual({ expenses: 400, invoices: 120, clients: 8, quotes: 40 });
    expect(result.partitions).toBeGreaterThan(3);
    for (const r of ROLLUPS) expect(result.rollup_rows[r.table]).toBe(expected[r.table]?.length);

    const phases = progress.map((p) => p.phase);
    expect([...new Set(phases)]).toEqual(['plan', 'compute', 'swap', 'verify', 'done']);
    const compute = progress.filter((p) => p.phase === 'compute');
    expect(compute.map((p) => p.done)).toEqual(Array.from({ length: result.partitions + 1 }, (_, i) => i));
    expect(compute.every((p) => p.total === result.partitions)).toBe(true);

    expect(changes).toEqual([{ companyId: 1, tables: ['rollups'], dates: [], source: 'recalculate', rows: expect.any(Number) }]);
  });

  it('refuses a company that does not exist', async () => {
    await expect(recalculateCompany(store, pool, 999)).rejects.toMatchObject({ code: 'not_found', kind: 'not_found' });
  });
});
