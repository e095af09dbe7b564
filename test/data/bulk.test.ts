import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkRollups, ExpenseDailyDeltas } from '../../src-engine/data/bulk-rollups.js';
import { importCsv } from '../../src-engine/data/csv-import.js';
import { generateDemo } from '../../src-engine/data/demo.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { addCompany, csvStream, digestTables, exportText } from './helpers.js';

/** Split `text` fed in pieces of the given sizes (cycled), collecting records and their first lines. */
describe('bulk rollups', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = Store.open(tmp.path('books.db'));
    generateDemo(store, { companies: 2, expenses: 3000, invoices: 400, today: '2026-03-15' });
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  const triggers = () => store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").all();

  it('imports into a company that already has rows, keeping rollups exact and the triggers as they were', async () => {
    const before = triggers();
    // Re-import company 1's own books into itself: every rollup row already exists and must add up.
    const expenses = exportText(store.db, 1, 'expenses');
    const r = await importCsv(store, 1, 'expenses', csvStream(expenses));
    expect(r.rejected).toBe(0);
    const invoices = exportText(store.db, 2, 'invoices').replace(/INV-/g, 'IMP-');
    expect((await importCsv(store, 1, 'invoices', csvStream(invoices))).rejected).toBe(0);
    expect(compareRollups(store.db)).toEqual([]);
    expect(triggers()).toEqual(before);
    // The triggers are back in force: a row written one at a time still moves the rollups.
    store.db.prepare("INSERT INTO expenses (company_id, date, category, amount) VALUES (1, '2026-03-01', 'travel', 12345)").run();
    store.db
      .prepare(
        "UPDATE invoices SET status = 'paid', paid_date = issue_date WHERE id = (SELECT MIN(id) FROM invoices WHERE status = 'sent')",
      )
      .run();
    expect(compareRollups(store.db)).toEqual([]);
  });

  it('restores the triggers when the transaction rolls back, and leaves an unknown trigger to the per-row path', () => {
    const before = triggers();
    const digest = digestTables(store.db);
    expect(() =>
      store.db.transaction(() => {
        const bulk = BulkRollups.begin(store.db, ['expenses']);
        expect(bulk.covers('expenses')).toBe(true);
        store.db.prepare("INSERT INTO expenses (company_id, date, category, amount) VALUES (1, '2026-03-01', 'travel', 1)").run();
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(triggers()).toEqual(before);
    expect(digestTables(store.db)).toBe(digest);

    // Another INSERT trigger on expenses (say an audit log): bulk mode must not drop what it does not know.
    store.db.exec(
      `CREATE TABLE audit (n INTEGER); CREATE TRIGGER expenses_audit AFTER INSERT ON expenses BEGIN INSERT INTO audit VALUES (new.id); END;`,
    );
    store.db.transaction(() => {
      const bulk = BulkRollups.begin(store.db, ['expenses', 'invoices']);
      expect(bulk.covers('expenses')).toBe(false);
      expect(bulk.covers('invoices')).toBe(true);
      store.db.prepare("INSERT INTO expenses (company_id, date, category, amount) VALUES (1, '2026-03-01', 'travel', 1)").run();
      bulk.finish();
    })();
    expect(store.db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(1);
    expect(compareRollups(store.db)).toEqual([]);
  });

  it('uses expense_daily sums made in JS only when they count exactly the rows inserted', () => {
    for (const claimed of [2, 3]) {
      store.db.transaction(() => {
        const bulk = BulkRollups.begin(store.db, ['expenses']);
        const deltas = new ExpenseDailyDeltas();
        for (const amount of [100, 250]) {
          store.db
            .prepare("INSERT INTO expenses (company_id, date, category, amount, reimbursable) VALUES (1, '2026-03-02', 'meals', ?, 1)")
            .run(amount);
          deltas.add(1, '2026-03-02', 'meals', amount, true);
        }
        // A wrong count (3) must not be trusted: the grouped statement over the new rows runs instead.
        if (claimed === 3) deltas.add(1, '2026-03-02', 'meals', 999, true);
        bulk.finish(deltas);
      })();
      expect(compareRollups(store.db)).toEqual([]);
    }
  });

  it('imports a file with a new company in good-rows mode with exact rollups', async () => {
    const company = addCompany(store.db, 'Fresh');
    const text =
      'date,category,description,amount,reimbursable,client\n2026-03-01,travel,"a, b",1.00,yes,New Co\n2026-03-01,travel,x,bad,no,\n2026-03-01,travel,y,2,no,new co\n';
    const r = await importCsv(store, company, 'expenses', csvStream(text), { mode: 'good-rows' });
    expect(r).toMatchObject({ imported: 2, rejected: 1, created_clients: 1 });
    expect(
      store.db.prepare('SELECT amount, count, reimbursable_amount FROM expense_daily WHERE company_id = ?').raw().all(company),
    ).toEqual([[300, 2, 100]]);
    expect(compareRollups(store.db)).toEqual([]);
  });
});
