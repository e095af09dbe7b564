/**
 * Every drill-through list sums exactly to its tile: the renderer's tiles (format/tiles.ts, the queries they
 * drill with) over the real overview/stats views, each list read through the store's list functions (all
 * pages' sum and count), for several companies, ranges, bases and instants, before and after random writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { resolveParams, runView } from '../../src-engine/dashboard/index.js';
import { listClients } from '../../src-engine/store/reads/clients.js';
import { listExpenses } from '../../src-engine/store/reads/expenses.js';
import { listInvoices } from '../../src-engine/store/reads/invoices.js';
import { buildTiles } from '../../src-renderer/src/format/tiles.js';
import { tempDir } from '../helpers/tmp.js';
import { buildDataset, randomWrite, type Rand } from './fixture.js';

const tmp = tempDir();
let db: Database;
let companies: number[];
let r: Rand;
beforeAll(() => {
  ({ db, companies, r } = buildDataset(tmp.path('drill.sqlite'), 1414));
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

const NOWS = [new Date('2024-02-29T03:00:00Z'), new Date('2024-05-10T23:30:00Z')];
const QUERIES = [
  {},
  { from: '2024-01-01', to: '2024-01-31' },
  { from: '2023-11-01', to: '2024-02-15', basis: 'cash' },
  { to: '2024-04-30', basis: 'cash' },
];

function check(): number {
  let compared = 0;
  for (const company of companies) {
    for (const now of NOWS) {
      for (const q of QUERIES) {
        const overview = runView(db, 'overview', resolveParams(db, 'overview', { ...q, company }, now));
        const stats = runView(db, 'stats', resolveParams(db, 'stats', { ...q, company }, now));
        for (const tile of buildTiles({ overview, stats })) {
          if (!tile.drill) continue;
          const query = { ...tile.drill.query, page_size: 1 };
          const ctx = JSON.stringify({ company, now, q, tile: tile.id, query });
          const page =
            tile.drill.list === 'invoices'
              ? listInvoices(db, company, query, now)
              : tile.drill.list === 'expenses'
                ? listExpenses(db, company, query)
                : listClients(db, company, query);
          if (tile.unit === 'money') expect(page.sum, ctx).toBe(tile.value);
          else expect(page.total, ctx).toBe(tile.value);
          if (tile.id === 'overdue') expect(page.total, ctx).toBe(overview.overdue.count.value);
          if (tile.id === 'revenue') expect(page.total, ctx).toBe(overview.invoices.count.value);
          if (tile.id === 'pending-invoices') expect(page.sum, ctx).toBe(stats.pending_invoices.amount);
          compared++;
        }
      }
    }
  }
  return compared;
}

describe('drill-through lists', () => {
  it('sum exactly to their tiles', () => {
    expect(check()).toBeGreaterThan(100);
  });

  it('still do after random inserts, updates, status changes and deletes', () => {
    for (let i = 0; i < 300; i++) randomWrite(db, r, companies[i % companies.length]!);
    expect(check()).toBeGreaterThan(100);
  });
});
