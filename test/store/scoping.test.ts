import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src-engine/core/errors.js';
import { getClient, listClients } from '../../src-engine/store/reads/clients.js';
import { getExpense } from '../../src-engine/store/reads/expenses.js';
import { getInvoice, listInvoices } from '../../src-engine/store/reads/invoices.js';
import { getQuote } from '../../src-engine/store/reads/quotes.js';
import { deleteClient, updateClient } from '../../src-engine/store/writes/clients.js';
import { createExpense, deleteExpense, updateExpense } from '../../src-engine/store/writes/expenses.js';
import { createInvoice, deleteInvoice, setInvoiceStatus, updateInvoice } from '../../src-engine/store/writes/invoices.js';
import { convertQuote, createQuote, deleteQuote, setQuoteStatus, updateQuote } from '../../src-engine/store/writes/quotes.js';
import { createClient } from '../../src-engine/store/writes/clients.js';
import { line, openTestStore, twoCompanies, type TestStore } from './fixtures.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

describe('a company never touches another company’s rows', () => {
  it('answers 404 for every read and write by id of a row that belongs to the other company', () => {
    const { a, b, clientB } = twoCompanies(t.store);
    const inv = createInvoice(t.store, b.id, { client_id: clientB.id, issue_date: '2025-03-01', lines: [line()] });
    const quote = createQuote(t.store, b.id, { client_id: clientB.id, issue_date: '2025-03-01', lines: [line()] });
    const exp = createExpense(t.store, b.id, { date: '2025-03-01', category: 'rent', amount: 500 });
    const snapshot = () =>
      ['clients', 'invoices', 'invoice_lines', 'quotes', 'expenses'].map((table) => t.store.db.prepare(`SELECT * FROM ${table}`).all());
    const before = snapshot();
    const calls: [string, () => unknown][] = [
      ['getClient', () => getClient(t.store.db, a.id, clientB.id)],
      ['updateClient', () => updateClient(t.store, a.id, clientB.id, { name: 'Hijacked' })],
      ['deleteClient', () => deleteClient(t.store, a.id, clientB.id)],
      ['getInvoice', () => getInvoice(t.store.db, a.id, inv.id)],
      ['updateInvoice', () => updateInvoice(t.store, a.id, inv.id, { due_date: '2025-12-31' })],
      ['setInvoiceStatus', () => setInvoiceStatus(t.store, a.id, inv.id, { status: 'sent' })],
      ['deleteInvoice', () => deleteInvoice(t.store, a.id, inv.id)],
      ['getQuote', () => getQuote(t.store.db, a.id, quote.id)],
      ['updateQuote', () => updateQuote(t.store, a.id, quote.id, { valid_until: '2025-12-31' })],
      ['setQuoteStatus', () => setQuoteStatus(t.store, a.id, quote.id, { status: 'sent' })],
      ['deleteQuote', () => deleteQuote(t.store, a.id, quote.id)],
      ['convertQuote', () => convertQuote(t.store, a.id, quote.id)],
      ['getExpense', () => getExpense(t.store.db, a.id, exp.id)],
      ['updateExpense', () => updateExpense(t.store, a.id, exp.id, { amount: 1 })],
      ['deleteExpense', () => deleteExpense(t.store, a.id, exp.id)],
    ];
    for (const [name, call] of calls) {
      expect(call, name).toThrow(NotFoundError);
    }
    expect(snapshot()).toEqual(before);
    expect(listInvoices(t.store.db, a.id).total).toBe(0);
    expect(listClients(t.store.db, a.id).items.map((c) => c.name)).toEqual(['Acme']);
  });

  it('refuses a body that points at the other company’s client, naming client_id', () => {
    const { a, clientA, clientB } = twoCompanies(t.store);
    expect(() => createInvoice(t.store, a.id, { client_id: clientB.id, issue_date: '2025-03-01', lines: [line()] })).toThrow(
      expect.objectContaining({ kind: 'invalid', details: expect.objectContaining({ field: 'client_id' }) }),
    );
    const q = createQuote(t.store, a.id, { client_id: clientA.id, issue_date: '2025-03-01', lines: [line()] });
    expect(() => updateQuote(t.store, a.id, q.id, { client_id: clientB.id })).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });

  it('refuses writes for a company that does not exist', () => {
    expect(() => createClient(t.store, 42, { name: 'Nobody' })).toThrow(NotFoundError);
    expect(() => createExpense(t.store, 42, { date: '2025-03-01', category: 'rent', amount: 1 })).toThrow(NotFoundError);
    expect(() => listInvoices(t.store.db, 42)).toThrow(NotFoundError);
  });
});
