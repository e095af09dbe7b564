/**
 * "As of D" figures come from the invoice status history: paying an invoice today must not move last month's
 * outstanding or overdue; existing databases get a history rebuilt from the dates invoices carry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { resolveParams, runView } from '../../src-engine/dashboard/index.js';
import { aging, resolveAging } from '../../src-engine/dashboard/reports/index.js';
import { migrate } from '../../src-engine/store/migrate.js';
import { MIGRATIONS } from '../../src-engine/store/migrations/index.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { Store } from '../../src-engine/store/store.js';
import { createClient } from '../../src-engine/store/writes/clients.js';
import { createCompany } from '../../src-engine/store/writes/companies.js';
import { createInvoice, setInvoiceStatus, updateInvoice } from '../../src-engine/store/writes/invoices.js';
import { tempDir } from '../helpers/tmp.js';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let company: number;
let client: number;

// Instants in Kuala Lumpur (UTC+8): 2025-10-05, 2025-11-20 and 2025-11-21 there.
const OCT_5 = new Date('2025-10-05T02:00:00Z');
const NOV_20 = new Date('2025-11-20T02:00:00Z');
const NOV_21 = new Date('2025-11-21T02:00:00Z');
const line = (unit_price: number) => [{ description: 'Work', quantity: 1, unit_price }];

beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.path('asof.sqlite'));
  company = createCompany(store, { name: 'Solo Sdn Bhd' }).id;
  client = createClient(store, company, { name: 'Acme', created_date: '2025-01-01' }).id;
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const history = (id: number) =>
  store.db.prepare('SELECT status, day FROM invoice_status_history WHERE invoice_id = ? ORDER BY id').all(id) as {
    status: string;
    day: string;
  }[];

function october(now: Date) {
  const ov = runView(store.db, 'overview', resolveParams(store.db, 'overview', { company, from: '2025-10-01', to: '2025-10-31' }, now));
  return { outstanding: ov.outstanding.value, overdue: ov.overdue.amount.value, overdueCount: ov.overdue.count.value };
}

describe('as of a past date', () => {
  it("paying an invoice today leaves last month's outstanding and overdue where they were", () => {
    const late = createInvoice(
      store,
      company,
      { client_id: client, status: 'sent', issue_date: '2025-09-01', due_date: '2025-10-01', lines: line(100_00) },
      OCT_5,
    );
    const current = createInvoice(
      store,
      company,
      { client_id: client, status: 'sent', issue_date: '2025-10-20', due_date: '2025-11-19', lines: line(30_00) },
      OCT_5,
    );
    const before = october(NOV_20);
    expect(before).toEqual({ outstanding: 130_00, overdue: 100_00, overdueCount: 1 });
    const agingOct = () => aging(store.db, resolveAging(store.db, { company, as_of: '2025-10-31', detail: true }, NOV_21));
    const agingBefore = agingOct();
    expect(agingBefore.totals).toMatchObject({ current: 30_00, '1_30': 100_00, total: 130_00 });

    setInvoiceStatus(store, company, late.id, { status: 'paid' }, NOV_20);
    setInvoiceStatus(store, company, current.id, { status: 'cancelled' }, NOV_20);
    expect(history(late.id)).toEqual([
      { status: 'sent', day: '2025-09-01' },
      { status: 'paid', day: '2025-11-20' },
    ]);
    expect(history(current.id)).toEqual([
      { status: 'sent', day: '2025-10-20' },
      { status: 'cancelled', day: '2025-11-20' },
    ]);

    expect(october(NOV_21)).toEqual(before);
    expect(agingOct()).toEqual(agingBefore);
    // This month's balance (today) reflects the payment, compared with the balance on 31 October.
    const nov = runView(store.db, 'overview', resolveParams(store.db, 'overview', { company }, NOV_21));
    expect(nov.balances_compared_with).toBe('2025-10-31');
    expect(nov.outstanding).toMatchObject({ value: 0, previous: 130_00 });
    // The live panel: yesterday (20 Nov, the day of the payment) nothing was pending any more; the day before, two were.
    const live = runView(store.db, 'realtimeAggregate', resolveParams(store.db, 'realtimeAggregate', { company }, NOV_20));
    expect(live.metrics.pending_invoices).toMatchObject({ value: 0, previous: 2 });
    expect(live.metrics.overdue_invoices).toMatchObject({ value: 0, previous: 1 });
    expect(compareRollups(store.db)).toEqual([]);
  });

  it('a draft sent later was not owed before it was sent, and overdue means due before the day', () => {
    const inv = createInvoice(
      store,
      company,
      { client_id: client, status: 'draft', issue_date: '2025-10-01', due_date: '2025-10-31', lines: line(50_00) },
      OCT_5,
    );
    updateInvoice(store, company, inv.id, { status: 'sent' }, NOV_20);
    expect(history(inv.id)).toEqual([
      { status: 'draft', day: '2025-10-01' },
      { status: 'sent', day: '2025-11-20' },
    ]);
    expect(october(NOV_21)).toEqual({ outstanding: 0, overdue: 0, overdueCount: 0 });
    const on = (to: string) => runView(store.db, 'overview', resolveParams(store.db, 'overview', { company, from: to, to }, NOV_21));
    expect(on('2025-11-20').outstanding.value).toBe(50_00);
    expect(on('2025-11-20').overdue.amount.value).toBe(50_00); // due 31 Oct, before 20 Nov
    expect(on('2025-11-19').outstanding.value).toBe(0);
    expect(compareRollups(store.db)).toEqual([]);
  });

  it('a status changed behind the write API still gets an entry (the paid date for paid)', () => {
    const inv = createInvoice(store, company, { client_id: client, status: 'sent', issue_date: '2025-10-01', lines: line(10_00) }, OCT_5);
    store.db.prepare("UPDATE invoices SET status = 'paid', paid_date = '2025-10-15' WHERE id = ?").run(inv.id);
    expect(history(inv.id)).toEqual([
      { status: 'sent', day: '2025-10-01' },
      { status: 'paid', day: '2025-10-15' },
    ]);
    store.db.prepare("UPDATE invoices SET paid_date = '2025-10-20' WHERE id = ?").run(inv.id);
    expect(history(inv.id).at(-1)).toEqual({ status: 'paid', day: '2025-10-20' });
    expect(compareRollups(store.db)).toEqual([]);
  });
});

describe('migration 006 on an existing database', () => {
  it("rebuilds each invoice's history from its status and dates", () => {
    const path = tmp.path('old.sqlite');
    const db = new BetterSqlite3(path);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 4),
    );
    db.prepare("INSERT INTO companies (id, name, created_at) VALUES (1, 'Old', '2024-01-01')").run();
    db.prepare("INSERT INTO clients (id, company_id, name, created_date) VALUES (1, 1, 'C', '2024-01-01')").run();
    const add =
      db.prepare(`INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax, total)
      VALUES (1, ?, 1, ?, ?, ?, ?, 100, 0, 100)`);
    add.run('INV-1', 'draft', '2024-02-01', '2024-03-01', null);
    add.run('INV-2', 'sent', '2024-02-02', '2024-03-02', null);
    add.run('INV-3', 'viewed', '2024-02-03', '2024-03-03', null);
    add.run('INV-4', 'paid', '2024-02-04', '2024-03-04', '2024-03-10');
    add.run('INV-5', 'cancelled', '2024-02-05', '2024-03-05', null);
    migrate(db);
    const rows = db.prepare('SELECT invoice_id, status, day FROM invoice_status_history ORDER BY invoice_id, id').raw().all();
    expect(rows).toEqual([
      [1, 'draft', '2024-02-01'],
      [2, 'sent', '2024-02-02'],
      [3, 'viewed', '2024-02-03'],
      [4, 'sent', '2024-02-04'],
      [4, 'paid', '2024-03-10'],
      [5, 'cancelled', '2024-02-05'],
    ]);
    expect(db.prepare('SELECT invoice_id, open_day, close_day FROM invoice_open_span ORDER BY invoice_id').raw().all()).toEqual([
      [2, '2024-02-02', '9999-12-31'],
      [3, '2024-02-03', '9999-12-31'],
      [4, '2024-02-04', '2024-03-10'],
    ]);
    expect(compareRollups(db)).toEqual([]);
    db.close();
  });
});
