/**
 * A small real database for the worker tests: several companies with clients, quotes, invoices and expenses,
 * written through `store.write` (so triggers keep the rollups and the change feed publishes) with a seeded
 * pseudo-random generator (same data every run).
 */
import { afterAll, beforeAll } from 'vitest';
import { WorkerPool } from '../../src-engine/pool/pool.js';
import type { ChangeEvent } from '../../src-engine/store/changes.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';

const CATEGORIES = ['office_supplies', 'travel', 'meals', 'utilities', 'rent', 'software'];
const INVOICE_STATUSES = ['draft', 'sent', 'viewed', 'paid', 'cancelled'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function day(base: number, offset: number): string {
  return new Date(Date.UTC(2024, 0, 1) + (base + offset) * 86_400_000).toISOString().slice(0, 10);
}

export interface FixtureSize {
  companies: number;
  clients: number;
  expenses: number;
  invoices: number;
  quotes: number;
}

const SMALL: FixtureSize = { companies: 3, clients: 8, expenses: 400, invoices: 120, quotes: 40 };

export function addExpense(store: Store, companyId: number, date: string, amount: number, category = 'travel'): number {
  return store.write(() => {
    const id = store.db
      .prepare('INSERT INTO expenses (company_id, date, category, amount, reimbursable) VALUES (?, ?, ?, ?, 0)')
      .run(companyId, date, category, amount).lastInsertRowid as number;
    const change: ChangeEvent = { companyId, tables: ['expenses'], dates: [date], source: 'write', rows: 1 };
    return { result: id, change };
  });
}

export function seedDatabase(path: string, size: FixtureSize = SMALL, seed = 42): Store {
  const store = Store.open(path);
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  for (let c = 1; c <= size.companies; c++) {
    store.write(() => {
      const db = store.db;
      db.prepare("INSERT INTO companies (id, name, created_at) VALUES (?, ?, '2024-01-01T00:00:00Z')").run(c, `Company ${c}`);
      const clientIds: number[] = [];
      for (let i = 0; i < size.clients; i++) {
        const r = db
          .prepare('INSERT INTO clients (company_id, name, active, created_date) VALUES (?, ?, ?, ?)')
          .run(c, `Client ${c}-${i}`, rand() < 0.8 ? 1 : 0, day(0, Math.floor(rand() * 300)));
        clientIds.push(Number(r.lastInsertRowid));
      }
      for (let i = 0; i < size.expenses; i++) {
        db.prepare('INSERT INTO expenses (company_id, date, category, amount, reimbursable) VALUES (?, ?, ?, ?, ?)').run(
          c,
          day(0, Math.floor(rand() * 500)),
          pick(CATEGORIES),
          100 + Math.floor(rand() * 50_000),
          rand() < 0.2 ? 1 : 0,
        );
      }
      for (let i = 0; i < size.invoices; i++) {
        const status = pick(INVOICE_STATUSES);
        const issue = Math.floor(rand() * 500);
        const total = 1_000 + Math.floor(rand() * 900_000);
        db.prepare(
          `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax, total)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
        ).run(
          c,
          `INV-${c}-${i}`,
          pick(clientIds),
          status,
          day(0, issue),
          day(issue, 30),
          status === 'paid' ? day(issue, Math.floor(rand() * 60)) : null,
          total,
          total,
        );
      }
      for (let i = 0; i < size.quotes; i++) {
        const issue = Math.floor(rand() * 500);
        db.prepare(
          `INSERT INTO quotes (company_id, number, client_id, status, issue_date, valid_until, subtotal, tax, total)
          VALUES (?, ?, ?, 'sent', ?, ?, 100, 0, 100)`,
        ).run(c, `QT-${c}-${i}`, pick(clientIds), day(0, issue), day(issue, 14));
      }
      return {
        result: null,
        change: { companyId: c, tables: ['clients', 'expenses', 'invoices', 'quotes'], dates: [], source: 'demo', rows: 0 },
      };
    });
  }
  return store;
}

/**
 * One seeded database and a two-thread pool for a describe block, closed after it; `use` receives them once
 * they exist (inside beforeAll).
 */
export function withSeededPool(use: (store: Store, pool: WorkerPool) => void): void {
  const tmp = tempDir();
  let store: Store | undefined;
  let pool: WorkerPool | undefined;
  beforeAll(() => {
    store = seedDatabase(tmp.path('kira.db'));
    pool = new WorkerPool({ threads: 2 });
    use(store, pool);
  });
  afterAll(async () => {
    await pool?.close();
    store?.close();
    tmp.cleanup();
  });
}
