import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listClients } from '../../src-engine/store/reads/clients.js';
import { listExpenses } from '../../src-engine/store/reads/expenses.js';
import { getInvoice, listInvoices } from '../../src-engine/store/reads/invoices.js';
import { listQuotes } from '../../src-engine/store/reads/quotes.js';
import { createClient } from '../../src-engine/store/writes/clients.js';
import { createExpense } from '../../src-engine/store/writes/expenses.js';
import { createInvoice } from '../../src-engine/store/writes/invoices.js';
import { createQuote } from '../../src-engine/store/writes/quotes.js';
import { createCompany } from '../../src-engine/store/writes/companies.js';
import { line, openTestStore, twoCompanies, type TestStore } from './fixtures.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

describe('derived overdue in the company’s time zone', () => {
  // Kuala Lumpur is UTC+8: 2025-03-10T15:59:59Z is 23:59:59 on the 10th there, 16:00:00Z is midnight of the 11th.
  it('turns on at the company’s midnight after the due date, not UTC’s', () => {
    const kl = createCompany(t.store, { name: 'KL', time_zone: 'Asia/Kuala_Lumpur' });
    const c = createClient(t.store, kl.id, { name: 'Acme', created_date: '2025-01-01' });
    const inv = createInvoice(t.store, kl.id, {
      client_id: c.id,
      status: 'sent',
      issue_date: '2025-03-01',
      due_date: '2025-03-10',
      lines: [line()],
    });
    const before = new Date('2025-03-10T15:59:59Z');
    const after = new Date('2025-03-10T16:00:00Z');
    expect(getInvoice(t.store.db, kl.id, inv.id, before).overdue).toBe(false);
    expect(getInvoice(t.store.db, kl.id, inv.id, after).overdue).toBe(true);
    expect(listInvoices(t.store.db, kl.id, { status: 'overdue' }, before).total).toBe(0);
    expect(listInvoices(t.store.db, kl.id, { status: 'overdue' }, after).items.map((i) => i.id)).toEqual([inv.id]);
  });

  it('lists what is owed (sent or viewed) under the derived status open, up to a date', () => {
    const { a, clientA } = twoCompanies(t.store);
    const make = (status: 'draft' | 'sent' | 'viewed' | 'paid' | 'cancelled', issue_date: string) =>
      createInvoice(t.store, a.id, {
        client_id: clientA.id,
        status,
        issue_date,
        due_date: '2025-04-30',
        ...(status === 'paid' ? { paid_date: '2025-04-01' } : {}),
        lines: [line()],
      }).id;
    const sent = make('sent', '2025-03-01');
    const viewed = make('viewed', '2025-03-20');
    for (const s of ['draft', 'paid', 'cancelled'] as const) make(s, '2025-03-05');
    expect(
      listInvoices(t.store.db, a.id, { status: 'open' })
        .items.map((i) => i.id)
        .sort(),
    ).toEqual([sent, viewed].sort());
    expect(listInvoices(t.store.db, a.id, { status: 'open', to: '2025-03-10' }).items.map((i) => i.id)).toEqual([sent]);
  });

  it('uses each company’s own zone for the same instant', () => {
    const ny = createCompany(t.store, { name: 'NY', currency: 'USD', time_zone: 'America/New_York' });
    const c = createClient(t.store, ny.id, { name: 'Acme', created_date: '2025-01-01' });
    const inv = createInvoice(t.store, ny.id, {
      client_id: c.id,
      status: 'sent',
      issue_date: '2025-03-01',
      due_date: '2025-03-10',
      lines: [line()],
    });
    // 16:00Z on the 10th is still noon of the 10th in New York (UTC−4 after the DST switch of 9 March).
    expect(getInvoice(t.store.db, ny.id, inv.id, new Date('2025-03-10T16:00:00Z')).overdue).toBe(false);
    expect(getInvoice(t.store.db, ny.id, inv.id, new Date('2025-03-11T04:00:00Z')).overdue).toBe(true);
  });

  it('is never set on drafts, paid or cancelled invoices', () => {
    const { a, clientA } = twoCompanies(t.store);
    const late = new Date('2026-01-01T00:00:00Z');
    for (const status of ['draft', 'paid', 'cancelled'] as const) {
      const inv = createInvoice(t.store, a.id, {
        client_id: clientA.id,
        status,
        issue_date: '2025-03-01',
        due_date: '2025-03-10',
        lines: [line()],
        ...(status === 'paid' && { paid_date: '2025-03-05' }),
      });
      expect(getInvoice(t.store.db, a.id, inv.id, late).overdue).toBe(false);
    }
  });
});

describe('drill-through lists', () => {
  it('pages expenses newest first with a stable order and an exact total', () => {
    const { a, b, clientA } = twoCompanies(t.store);
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(
        createExpense(t.store, a.id, {
          date: `2025-05-0${1 + (i % 3)}`,
          category: i % 2 ? 'travel' : 'meals',
          amount: 100 + i,
          reimbursable: i < 2,
          client_id: i === 6 ? clientA.id : null,
        }).id,
      );
    }
    createExpense(t.store, b.id, { date: '2025-05-02', category: 'travel', amount: 1 });
    const pages = [1, 2, 3].map((page) => listExpenses(t.store.db, a.id, { page, page_size: 3 }));
    expect(pages.map((p) => p.total)).toEqual([7, 7, 7]);
    const seen = pages.flatMap((p) => p.items.map((e) => [e.date, e.id] as const));
    expect(seen).toHaveLength(7);
    expect(seen).toEqual([...seen].sort((x, y) => (x[0] === y[0] ? y[1] - x[1] : y[0].localeCompare(x[0]))));
    expect(listExpenses(t.store.db, a.id, { from: '2025-05-02', to: '2025-05-02' }).total).toBe(2);
    expect(listExpenses(t.store.db, a.id, { category: 'travel' }).items.every((e) => e.category === 'travel')).toBe(true);
    expect(listExpenses(t.store.db, a.id, { reimbursable: 'true' }).total).toBe(2);
    expect(listExpenses(t.store.db, a.id, { client_id: clientA.id }).items.map((e) => e.id)).toEqual([ids[6]]);
  });

  it('filters invoices by status, client and issue or paid date', () => {
    const { a, clientA } = twoCompanies(t.store);
    const other = createClient(t.store, a.id, { name: 'Zeta' });
    const mk = (issue_date: string, extra: object = {}) =>
      createInvoice(t.store, a.id, { client_id: clientA.id, issue_date, lines: [line()], ...extra }).id;
    const jan = mk('2025-01-15', { status: 'paid', paid_date: '2025-03-02' });
    const feb = mk('2025-02-15', { status: 'sent' });
    const mar = mk('2025-03-15', { client_id: other.id });
    expect(listInvoices(t.store.db, a.id, { from: '2025-02-01', to: '2025-03-31' }).items.map((i) => i.id)).toEqual([mar, feb]);
    expect(listInvoices(t.store.db, a.id, { date_field: 'paid', from: '2025-03-01', to: '2025-03-31' }).items.map((i) => i.id)).toEqual([
      jan,
    ]);
    expect(listInvoices(t.store.db, a.id, { status: 'sent' }).items.map((i) => i.id)).toEqual([feb]);
    expect(listInvoices(t.store.db, a.id, { client_id: other.id }).items.map((i) => i.id)).toEqual([mar]);
    expect(listInvoices(t.store.db, a.id, { page_size: 1 }).items[0]?.lines).toHaveLength(1);
  });

  it('filters quotes and searches clients by name', () => {
    const { a, clientA } = twoCompanies(t.store);
    createClient(t.store, a.id, { name: 'acme holdings', active: false });
    createClient(t.store, a.id, { name: 'Zeta' });
    expect(listClients(t.store.db, a.id, { q: 'ACME' }).items.map((c) => c.name)).toEqual(['Acme', 'acme holdings']);
    expect(listClients(t.store.db, a.id, { active: false }).items.map((c) => c.name)).toEqual(['acme holdings']);
    createQuote(t.store, a.id, { client_id: clientA.id, issue_date: '2025-01-01', lines: [line()] });
    const sent = createQuote(t.store, a.id, { client_id: clientA.id, status: 'sent', issue_date: '2025-02-01', lines: [line()] });
    expect(listQuotes(t.store.db, a.id, { status: 'sent' }).items.map((q) => q.id)).toEqual([sent.id]);
    expect(listQuotes(t.store.db, a.id, { from: '2025-01-15' }).total).toBe(1);
  });

  it('refuses bad paging and filters, naming the parameter', () => {
    const { a } = twoCompanies(t.store);
    for (const [input, field] of [
      [{ page: 0 }, 'page'],
      [{ page_size: 101 }, 'page_size'],
      [{ from: '2025-13-01' }, 'from'],
      [{ from: '2025-02-01', to: '2025-01-01' }, 'to'],
      [{ category: 'fun' }, 'category'],
      [{ sort: 'amount' }, 'sort'],
    ] as const) {
      expect(() => listExpenses(t.store.db, a.id, input), field).toThrow(
        expect.objectContaining({ kind: 'invalid', details: expect.objectContaining({ field }) }),
      );
    }
    expect(() => listInvoices(t.store.db, a.id, { status: 'late' })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'status' }) }),
    );
  });
});
