import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../src-engine/core/errors.js';
import { MAX_AMOUNT } from '../../src-engine/core/money.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { getCompany, listCompaniesWithCounts } from '../../src-engine/store/reads/companies.js';
import { createClient, deleteClient, updateClient } from '../../src-engine/store/writes/clients.js';
import { createCompany } from '../../src-engine/store/writes/companies.js';
import { createExpense, deleteExpense, updateExpense } from '../../src-engine/store/writes/expenses.js';
import { createInvoice, deleteInvoice, setInvoiceStatus, updateInvoice } from '../../src-engine/store/writes/invoices.js';
import { createQuote } from '../../src-engine/store/writes/quotes.js';
import { line, openTestStore, twoCompanies, type TestStore } from './fixtures.js';
import { thrown } from '../helpers/thrown.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

describe('companies', () => {
  it('defaults currency and zone, and counts rows per company', () => {
    const c = createCompany(t.store, { name: 'Kedai Runcit' });
    expect(c).toMatchObject({ name: 'Kedai Runcit', currency: 'MYR', time_zone: 'Asia/Kuala_Lumpur' });
    createClient(t.store, c.id, { name: 'Ali' });
    expect(listCompaniesWithCounts(t.store.db)).toEqual([{ ...c, counts: { clients: 1, invoices: 0, expenses: 0, quotes: 0 } }]);
    expect(t.events[0]).toMatchObject({ companyId: c.id, tables: ['companies'], source: 'write' });
  });

  it('refuses an unknown currency or zone, naming the field', () => {
    expect(thrown(() => createCompany(t.store, { name: 'X', currency: 'XYZ' }))).toMatchObject({ details: { field: 'currency' } });
    expect(thrown(() => createCompany(t.store, { name: 'X', time_zone: 'Mars/Olympus' }))).toMatchObject({
      details: { field: 'time_zone' },
    });
    expect(thrown(() => createCompany(t.store, { name: '' }))).toBeInstanceOf(ValidationError);
    expect(thrown(() => getCompany(t.store.db, 99))).toBeInstanceOf(NotFoundError);
  });
});

describe('document totals', () => {
  it('rounds each line half up, then the tax half up on the subtotal', () => {
    const { a, clientA } = twoCompanies(t.store);
    const inv = createInvoice(t.store, a.id, {
      client_id: clientA.id,
      issue_date: '2025-03-01',
      tax_rate_bp: 600,
      // 1.5 × 3.33 = 4.995 → 5.00; 0.333 × 1.00 = 0.333 → 0.33; 2 × 3.59 = 7.18
      lines: [line(333, 1.5), line(100, '0.333'), line(359, 2)],
    });
    expect(inv.lines.map((l) => l.line_total)).toEqual([500, 33, 718]);
    expect(inv.lines.map((l) => l.quantity)).toEqual([1.5, 0.333, 2]);
    // subtotal 12.51 × 6% = 0.7506 → 0.75
    expect(inv).toMatchObject({ subtotal: 1251, tax: 75, total: 1326, status: 'draft', due_date: '2025-03-31' });
    const q = createQuote(t.store, a.id, { client_id: clientA.id, issue_date: '2025-03-01', tax_rate_bp: 600, lines: [line(1275)] });
    expect(q).toMatchObject({ subtotal: 1275, tax: 77, total: 1352 }); // 76.5 → 77
  });

  it('refuses quantities with more than 3 decimals, too many lines and absurd amounts, naming the field', () => {
    const { a, clientA } = twoCompanies(t.store);
    const base = { client_id: clientA.id, issue_date: '2025-03-01' };
    expect(thrown(() => createInvoice(t.store, a.id, { ...base, lines: [line(100, 1.0005)] }))).toMatchObject({
      details: { field: 'lines[0].quantity' },
    });
    expect(thrown(() => createInvoice(t.store, a.id, { ...base, lines: [line(100), line(100, 0)] }))).toMatchObject({
      details: { field: 'lines[1].quantity' },
    });
    expect(thrown(() => createInvoice(t.store, a.id, { ...base, lines: Array.from({ length: 201 }, () => line()) }))).toMatchObject({
      details: { field: 'lines' },
    });
    expect(thrown(() => createInvoice(t.store, a.id, { ...base, lines: [line(MAX_AMOUNT + 1)] }))).toMatchObject({
      details: { field: 'lines[0].unit_price' },
    });
    expect(thrown(() => createInvoice(t.store, a.id, { ...base, lines: [line(MAX_AMOUNT, 2)] }))).toMatchObject({
      details: { field: 'lines[0].unit_price' },
    });
    expect(thrown(() => createInvoice(t.store, a.id, { ...base, lines: [{ ...line(), description: 'x'.repeat(501) }] }))).toMatchObject({
      details: { field: 'lines[0].description' },
    });
    expect(thrown(() => createInvoice(t.store, a.id, { ...base, lines: [line()], totl: 5 }))).toMatchObject({ details: { field: 'totl' } });
    expect(thrown(() => createInvoice(t.store, a.id, { ...base, due_date: '2025-02-28', lines: [line()] }))).toMatchObject({
      details: { field: 'due_date' },
    });
    expect(t.store.db.prepare('SELECT COUNT(*) FROM invoices').pluck().get()).toBe(0);
  });
});

describe('invoice edit rules', () => {
  it('recomputes totals when a draft changes, and locks content once sent', () => {
    const { a, clientA } = twoCompanies(t.store);
    const inv = createInvoice(t.store, a.id, { client_id: clientA.id, issue_date: '2025-03-01', lines: [line(1000)] });
    const edited = updateInvoice(t.store, a.id, inv.id, { tax_rate_bp: 1000, lines: [line(2000, 2)] });
    expect(edited).toMatchObject({ subtotal: 4000, tax: 400, total: 4400, number: inv.number });
    setInvoiceStatus(t.store, a.id, inv.id, { status: 'sent' });
    expect(thrown(() => updateInvoice(t.store, a.id, inv.id, { lines: [line(1)] }))).toMatchObject({
      kind: 'conflict',
      code: 'invoice_locked',
    });
    expect(updateInvoice(t.store, a.id, inv.id, { due_date: '2025-04-15' }).due_date).toBe('2025-04-15');
    expect(thrown(() => deleteInvoice(t.store, a.id, inv.id))).toBeInstanceOf(ConflictError);
    setInvoiceStatus(t.store, a.id, inv.id, { status: 'cancelled' });
    deleteInvoice(t.store, a.id, inv.id);
    expect(compareRollups(t.store.db)).toEqual([]);
  });

  it('lets a paid invoice correct its paid date but nothing else, and publishes nothing for a refused write', () => {
    const { a, clientA } = twoCompanies(t.store);
    const inv = createInvoice(t.store, a.id, {
      client_id: clientA.id,
      status: 'paid',
      issue_date: '2025-03-01',
      paid_date: '2025-03-09',
      lines: [line()],
    });
    expect(updateInvoice(t.store, a.id, inv.id, { paid_date: '2025-03-08' }).paid_date).toBe('2025-03-08');
    t.events.length = 0;
    expect(thrown(() => updateInvoice(t.store, a.id, inv.id, { due_date: '2025-06-01' }))).toMatchObject({ code: 'invoice_locked' });
    expect(thrown(() => updateInvoice(t.store, a.id, inv.id, { paid_date: null }))).toMatchObject({ details: { field: 'paid_date' } });
    expect(thrown(() => updateInvoice(t.store, a.id, inv.id, {}))).toBeInstanceOf(ValidationError);
    expect(t.events).toEqual([]);
    expect(compareRollups(t.store.db)).toEqual([]);
  });

  it('publishes every old and new date a write touched', () => {
    const { a, clientA } = twoCompanies(t.store);
    const inv = createInvoice(t.store, a.id, { client_id: clientA.id, issue_date: '2025-03-01', due_date: '2025-03-10', lines: [line()] });
    t.events.length = 0;
    updateInvoice(t.store, a.id, inv.id, { issue_date: '2025-03-05', due_date: '2025-03-20' });
    // The day a status changed is touched too (its status history entry: the company's today, 22 March here).
    setInvoiceStatus(t.store, a.id, inv.id, { status: 'sent' }, new Date('2025-03-22T04:00:00Z'));
    setInvoiceStatus(t.store, a.id, inv.id, { status: 'paid', paid_date: '2025-03-25' });
    expect(t.events).toEqual([
      { companyId: a.id, tables: ['invoices'], dates: ['2025-03-01', '2025-03-05', '2025-03-10', '2025-03-20'], source: 'write', rows: 1 },
      { companyId: a.id, tables: ['invoices'], dates: ['2025-03-05', '2025-03-20', '2025-03-22'], source: 'write', rows: 1 },
      { companyId: a.id, tables: ['invoices'], dates: ['2025-03-05', '2025-03-20', '2025-03-25'], source: 'write', rows: 1 },
    ]);
  });
});

describe('expenses', () => {
  it('creates, moves and deletes, with both dates in the change and rollups in step', () => {
    const { a, clientA } = twoCompanies(t.store);
    const e = createExpense(t.store, a.id, {
      date: '2025-02-01',
      category: 'travel',
      amount: 12_345,
      reimbursable: true,
      client_id: clientA.id,
    });
    expect(e).toMatchObject({ description: '', reimbursable: true, client_id: clientA.id });
    t.events.length = 0;
    updateExpense(t.store, a.id, e.id, { date: '2025-02-03', category: 'meals' });
    expect(t.events[0]).toMatchObject({ tables: ['expenses'], dates: ['2025-02-01', '2025-02-03'] });
    expect(compareRollups(t.store.db)).toEqual([]);
    deleteExpense(t.store, a.id, e.id);
    expect(t.store.db.prepare('SELECT COUNT(*) FROM expense_daily').pluck().get()).toBe(0);
  });

  it('refuses a negative amount, an unknown category and a client of another company', () => {
    const { a, clientB } = twoCompanies(t.store);
    const base = { date: '2025-02-01', category: 'travel', amount: 100 };
    expect(thrown(() => createExpense(t.store, a.id, { ...base, amount: -1 }))).toMatchObject({ details: { field: 'amount' } });
    expect(thrown(() => createExpense(t.store, a.id, { ...base, amount: 1.5 }))).toMatchObject({ details: { field: 'amount' } });
    expect(thrown(() => createExpense(t.store, a.id, { ...base, category: 'fun' }))).toMatchObject({ details: { field: 'category' } });
    expect(thrown(() => createExpense(t.store, a.id, { ...base, client_id: clientB.id }))).toMatchObject({
      details: { field: 'client_id' },
    });
    expect(thrown(() => createExpense(t.store, a.id, { ...base, date: '2025-02-30' }))).toMatchObject({ details: { field: 'date' } });
  });
});

describe('clients', () => {
  it('cannot be deleted while invoices or quotes refer to them; deactivating works', () => {
    const { a, clientA } = twoCompanies(t.store);
    const q = createQuote(t.store, a.id, { client_id: clientA.id, issue_date: '2025-03-01', lines: [line()] });
    const err = thrown(() => deleteClient(t.store, a.id, clientA.id));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: 'client_in_use', details: { invoices: 0, quotes: 1 }, message: expect.stringMatching(/deactivate/) });
    expect(updateClient(t.store, a.id, clientA.id, { active: false }).active).toBe(false);
    expect(q.client_id).toBe(clientA.id);
    expect(compareRollups(t.store.db)).toEqual([]);
  });

  it('can be deleted when only expenses mention them; the expenses are untagged', () => {
    const { a } = twoCompanies(t.store);
    const c = createClient(t.store, a.id, { name: 'Short-lived', email: 'x@example.com' });
    const e = createExpense(t.store, a.id, { date: '2025-02-01', category: 'meals', amount: 100, client_id: c.id });
    t.events.length = 0;
    deleteClient(t.store, a.id, c.id);
    expect(t.events[0]).toMatchObject({ tables: ['clients', 'expenses'], rows: 2 });
    expect(t.store.db.prepare('SELECT client_id FROM expenses WHERE id = ?').pluck().get(e.id)).toBeNull();
    expect(compareRollups(t.store.db)).toEqual([]);
  });
});
