import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src-engine/data/csv-import.js';
import { generateDemo } from '../../src-engine/data/demo.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { addCompany, csvStream, exportText } from './helpers.js';

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
      for (const [source, currency] of [[1, 'MYR'], [3, 'SGD']] as const) {
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

describe('export formats', () => {
  it('writes the import columns with decimal amounts, as CSV and as a JSON array', () => {
    const csv = exportText(store.db, 1, 'expenses');
    expect(csv.split('\n')[0]).toBe('date,category,description,amount,reimbursable,client');
    expect(csv.split('\n')[1]).toMatch(/^\d{4}-\d{2}-\d{2},[a-z_]+,[^,]*,\d+\.\d{2},(true|false),/);
    const json = JSON.parse(exportText(store.db, 1, 'invoices', 'json')) as Record<string, unknown>[];
    expect(json).toHaveLength(50);
    expect(Object.keys(json[0]!)).toEqual(['number', 'client', 'status', 'issue_date', 'due_date', 'paid_date', 'subtotal', 'tax_rate', 'tax', 'total']);
    expect(json[0]!.total).toMatch(/^\d+\.\d{2}$/);
    const empty = addCompany(store.db);
    expect(exportText(store.db, empty, 'expenses', 'json')).toBe('[]\n');
  });
});
