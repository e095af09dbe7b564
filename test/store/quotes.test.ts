import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { getQuote } from '../../src-engine/store/reads/quotes.js';
import { deleteInvoice } from '../../src-engine/store/writes/invoices.js';
import { convertQuote, createQuote, deleteQuote, setQuoteStatus, updateQuote } from '../../src-engine/store/writes/quotes.js';
import { line, openTestStore, twoCompanies, type TestStore } from './fixtures.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

describe('quote conversion', () => {
  it('turns an approved quote into one draft invoice with the same lines, linked both ways', () => {
    const { a, clientA } = twoCompanies(t.store);
    const q = createQuote(t.store, a.id, {
      client_id: clientA.id,
      issue_date: '2025-04-02',
      tax_rate_bp: 800,
      lines: [line(12_50, 3, 'Audit'), line(99, '0.5', 'Stamp')],
    });
    expect(q.number).toBe('QT-2025-0001');
    expect(() => convertQuote(t.store, a.id, q.id)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'quote_not_approved' }));
    setQuoteStatus(t.store, a.id, q.id, { status: 'sent' });
    setQuoteStatus(t.store, a.id, q.id, { status: 'approved' });
    t.events.length = 0;
    const inv = convertQuote(t.store, a.id, q.id, {}, new Date('2025-04-10T02:00:00Z'));
    expect(inv).toMatchObject({
      number: 'INV-2025-0001',
      status: 'draft',
      issue_date: '2025-04-10',
      due_date: '2025-05-10',
      quote_id: q.id,
      client_id: clientA.id,
      subtotal: q.subtotal,
      tax: q.tax,
      total: q.total,
    });
    expect(
      inv.lines.map(({ description, quantity, unit_price, line_total }) => ({ description, quantity, unit_price, line_total })),
    ).toEqual(q.lines.map(({ description, quantity, unit_price, line_total }) => ({ description, quantity, unit_price, line_total })));
    expect(getQuote(t.store.db, a.id, q.id).converted_invoice_id).toBe(inv.id);
    expect(t.events).toEqual([
      { companyId: a.id, tables: ['quotes', 'invoices'], dates: ['2025-04-02', '2025-04-10', '2025-05-10'], source: 'write', rows: 2 },
    ]);
    expect(() => convertQuote(t.store, a.id, q.id)).toThrow(expect.objectContaining({ code: 'quote_converted' }));
    expect(() => updateQuote(t.store, a.id, q.id, { tax_rate_bp: 0 })).toThrow(expect.objectContaining({ code: 'quote_converted' }));
    expect(() => deleteQuote(t.store, a.id, q.id)).toThrow(expect.objectContaining({ code: 'quote_converted' }));
    expect(t.store.db.prepare('SELECT converted_count FROM quote_daily WHERE company_id = ?').pluck().get(a.id)).toBe(1);
    expect(compareRollups(t.store.db)).toEqual([]);

    // Deleting the draft invoice makes the quote convertible again.
    deleteInvoice(t.store, a.id, inv.id);
    expect(getQuote(t.store.db, a.id, q.id).converted_invoice_id).toBeNull();
    expect(compareRollups(t.store.db)).toEqual([]);
    expect(convertQuote(t.store, a.id, q.id, { issue_date: '2025-04-11' }).number).toBe('INV-2025-0002');
  });

  it('lets a draft or sent quote change its content but not a declined one', () => {
    const { a, clientA } = twoCompanies(t.store);
    const q = createQuote(t.store, a.id, { client_id: clientA.id, issue_date: '2025-04-02', lines: [line(100)] });
    expect(updateQuote(t.store, a.id, q.id, { lines: [line(300, 2)], tax_rate_bp: 1000 })).toMatchObject({
      subtotal: 600,
      tax: 60,
      total: 660,
    });
    setQuoteStatus(t.store, a.id, q.id, { status: 'sent' });
    setQuoteStatus(t.store, a.id, q.id, { status: 'declined' });
    expect(() => updateQuote(t.store, a.id, q.id, { valid_until: '2025-12-31' })).toThrow(
      expect.objectContaining({ code: 'quote_locked' }),
    );
    deleteQuote(t.store, a.id, q.id);
    expect(compareRollups(t.store.db)).toEqual([]);
  });

  it('numbers quotes and invoices per company and per issue year', () => {
    const { a, b, clientA, clientB } = twoCompanies(t.store);
    const mk = (c: number, client: number, issue_date: string) =>
      createQuote(t.store, c, { client_id: client, issue_date, lines: [line()] }).number;
    expect([
      mk(a.id, clientA.id, '2024-12-31'),
      mk(a.id, clientA.id, '2025-01-01'),
      mk(a.id, clientA.id, '2025-02-01'),
      mk(b.id, clientB.id, '2025-02-01'),
    ]).toEqual(['QT-2024-0001', 'QT-2025-0001', 'QT-2025-0002', 'QT-2025-0001']);
  });
});
