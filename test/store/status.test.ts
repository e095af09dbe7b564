import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  INVOICE_STATUSES,
  INVOICE_TRANSITIONS,
  QUOTE_STATUSES,
  type InvoiceStatus,
  type QuoteStatus,
} from '../../src-engine/core/categories.js';
import { QUOTE_TRANSITIONS } from '../../src-engine/core/validate/transitions.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { createInvoice, setInvoiceStatus } from '../../src-engine/store/writes/invoices.js';
import { createQuote, setQuoteStatus } from '../../src-engine/store/writes/quotes.js';
import { line, openTestStore, twoCompanies, type TestStore } from './fixtures.js';

let t: TestStore;
let company: number;
let client: number;
beforeEach(() => {
  t = openTestStore();
  const { a, clientA } = twoCompanies(t.store);
  company = a.id;
  client = clientA.id;
});
afterEach(() => t.close());

const NOW = new Date('2025-06-15T04:00:00Z');

/** An invoice brought to `status` through legal moves only. */
function invoiceIn(status: InvoiceStatus): number {
  const path: Record<InvoiceStatus, InvoiceStatus[]> = {
    draft: [],
    sent: ['sent'],
    viewed: ['sent', 'viewed'],
    paid: ['sent', 'paid'],
    cancelled: ['cancelled'],
  };
  const inv = createInvoice(t.store, company, { client_id: client, issue_date: '2025-06-01', lines: [line()] }, NOW);
  for (const s of path[status]) setInvoiceStatus(t.store, company, inv.id, { status: s }, NOW);
  return inv.id;
}

describe('invoice status moves', () => {
  for (const from of INVOICE_STATUSES) {
    for (const to of INVOICE_STATUSES) {
      const legal = INVOICE_TRANSITIONS[from].includes(to);
      it(`${from} → ${to} is ${legal ? 'allowed' : 'refused with 409'}`, () => {
        const id = invoiceIn(from);
        const move = () => setInvoiceStatus(t.store, company, id, { status: to }, NOW);
        if (legal) {
          const inv = move();
          expect(inv.status).toBe(to);
          // paid takes today in the company's zone by default
          expect(inv.paid_date).toBe(to === 'paid' ? '2025-06-15' : null);
        } else {
          expect(move).toThrow(expect.objectContaining({ kind: 'conflict', code: 'illegal_transition' }));
        }
        expect(compareRollups(t.store.db)).toEqual([]);
      });
    }
  }

  it('paid takes an explicit paid_date, never before the issue date', () => {
    const id = invoiceIn('sent');
    expect(() => setInvoiceStatus(t.store, company, id, { status: 'paid', paid_date: '2025-05-31' })).toThrow(
      expect.objectContaining({ kind: 'invalid', details: expect.objectContaining({ field: 'paid_date' }) }),
    );
    expect(() => setInvoiceStatus(t.store, company, id, { status: 'viewed', paid_date: '2025-06-02' })).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'paid_date' }) }),
    );
    expect(setInvoiceStatus(t.store, company, id, { status: 'paid', paid_date: '2025-06-01' }).paid_date).toBe('2025-06-01');
  });
});

describe('quote status moves', () => {
  function quoteIn(status: QuoteStatus): number {
    const q = createQuote(t.store, company, { client_id: client, issue_date: '2025-06-01', lines: [line()] });
    const path: Record<QuoteStatus, QuoteStatus[]> = {
      draft: [],
      sent: ['sent'],
      approved: ['sent', 'approved'],
      declined: ['sent', 'declined'],
      expired: ['sent', 'expired'],
    };
    for (const s of path[status]) setQuoteStatus(t.store, company, q.id, { status: s });
    return q.id;
  }

  for (const from of QUOTE_STATUSES) {
    for (const to of QUOTE_STATUSES) {
      const legal = QUOTE_TRANSITIONS[from].includes(to);
      it(`${from} → ${to} is ${legal ? 'allowed' : 'refused with 409'}`, () => {
        const id = quoteIn(from);
        const move = () => setQuoteStatus(t.store, company, id, { status: to });
        if (legal) expect(move().status).toBe(to);
        else expect(move).toThrow(expect.objectContaining({ kind: 'conflict' }));
      });
    }
  }
});
