/**
 * Random sequences of writes across two companies: the trigger-kept rollups must equal their recomputation
 * after every sequence, and a write for one company must leave the other company's rollups byte-for-byte alone.
 * Rejected writes (409, 400, 404) are part of the game; anything else (a SQLite constraint, a TypeError) fails.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CATEGORY_CODES,
  INVOICE_STATUSES,
  INVOICE_TRANSITIONS,
  QUOTE_STATUSES,
  type InvoiceStatus,
  type QuoteStatus,
} from '../../src-engine/core/categories.js';
import { QUOTE_TRANSITIONS } from '../../src-engine/core/validate/transitions.js';
import { addDays } from '../../src-engine/core/dates.js';
import { isKiraError } from '../../src-engine/core/errors.js';
import { ROLLUPS, compareRollups } from '../../src-engine/store/rollups.js';
import type { Store } from '../../src-engine/store/store.js';
import { createClient, deleteClient, updateClient } from '../../src-engine/store/writes/clients.js';
import { createCompany } from '../../src-engine/store/writes/companies.js';
import { createExpense, deleteExpense, updateExpense } from '../../src-engine/store/writes/expenses.js';
import { createInvoice, deleteInvoice, setInvoiceStatus, updateInvoice } from '../../src-engine/store/writes/invoices.js';
import { convertQuote, createQuote, deleteQuote, setQuoteStatus } from '../../src-engine/store/writes/quotes.js';
import { openTestStore } from './fixtures.js';

const day = fc.integer({ min: 0, max: 40 }).map((n) => addDays('2025-01-20', n));
const pick = fc.nat(20);
const lines = fc.array(
  fc.record({
    description: fc.constant('Work'),
    quantity: fc.integer({ min: 1, max: 5000 }).map((m) => m / 1000),
    unit_price: fc.integer({ min: 0, max: 100_000 }),
  }),
  { minLength: 1, maxLength: 3 },
);
const tax = fc.constantFrom(0, 600, 800, 1000);

// Weighted towards the moves that need earlier rows (status changes, conversions) so they succeed often enough.
const op = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('createClient' as const), active: fc.boolean(), day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('updateClient' as const), pick, active: fc.boolean(), day }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deleteClient' as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('createExpense' as const),
      day,
      category: fc.constantFrom(...CATEGORY_CODES.slice(0, 3)),
      amount: fc.nat(50_000),
      reimbursable: fc.boolean(),
      client: fc.option(pick),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('updateExpense' as const), pick, day, amount: fc.nat(50_000), reimbursable: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteExpense' as const), pick }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('createInvoice' as const),
      client: pick,
      status: fc.constantFrom(...INVOICE_STATUSES),
      day,
      due: fc.nat(20),
      paid: fc.nat(20),
      lines,
      tax,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('updateInvoice' as const), pick, day, due: fc.nat(20), lines, tax }) },
  // Only the due date: the one edit a sent invoice allows, and the one that moves it between open_invoice_daily keys.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('moveDueDate' as const), pick, due: fc.nat(20) }) },
  // Half the moves are picked among the legal ones (random statuses are mostly refused, which tests less).
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('setInvoiceStatus' as const),
      pick,
      status: fc.constantFrom(...INVOICE_STATUSES),
      legal: fc.boolean(),
      move: fc.nat(5),
      paid: fc.nat(20),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteInvoice' as const), pick }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('createQuote' as const),
      client: pick,
      status: fc.constantFrom(...QUOTE_STATUSES),
      day,
      lines,
      tax,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('setQuoteStatus' as const),
      pick,
      status: fc.constantFrom(...QUOTE_STATUSES),
      legal: fc.boolean(),
      move: fc.nat(5),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('convertQuote' as const), pick, day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteQuote' as const), pick }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;
const step = fc.record({ company: fc.constantFrom(0, 1), op });

/** The id at position `n` (mod count) among the company's rows; a missing id when there are none. */
function idAt(store: Store, table: string, company: number, n: number, newestFirst = false): number {
  const ids = store.db
    .prepare(`SELECT id FROM ${table} WHERE company_id = ? ORDER BY id ${newestFirst ? 'DESC' : ''}`)
    .pluck()
    .all(company) as number[];
  return ids.length ? ids[n % ids.length]! : 1_000_000;
}

function apply(store: Store, c: number, o: Op): void {
  switch (o.kind) {
    case 'createClient':
      return void createClient(store, c, { name: 'Client', active: o.active, created_date: o.day });
    case 'updateClient':
      return void updateClient(store, c, idAt(store, 'clients', c, o.pick), { active: o.active, created_date: o.day });
    case 'deleteClient':
      // Newest first: the seed client is referenced by documents, recently created ones often are not.
      return deleteClient(store, c, idAt(store, 'clients', c, o.pick, true));
    case 'createExpense':
      return void createExpense(store, c, {
        date: o.day,
        category: o.category,
        amount: o.amount,
        reimbursable: o.reimbursable,
        client_id: o.client === null ? null : idAt(store, 'clients', c, o.client),
      });
    case 'updateExpense':
      return void updateExpense(store, c, idAt(store, 'expenses', c, o.pick), {
        date: o.day,
        amount: o.amount,
        reimbursable: o.reimbursable,
      });
    case 'deleteExpense':
      return deleteExpense(store, c, idAt(store, 'expenses', c, o.pick));
    case 'createInvoice':
      return void createInvoice(store, c, {
        client_id: idAt(store, 'clients', c, o.client),
        status: o.status,
        issue_date: o.day,
        due_date: addDays(o.day, o.due),
        ...(o.status === 'paid' && { paid_date: addDays(o.day, o.paid) }),
        tax_rate_bp: o.tax,
        lines: o.lines,
      });
    case 'updateInvoice':
      return void updateInvoice(store, c, idAt(store, 'invoices', c, o.pick), {
        issue_date: o.day,
        due_date: addDays(o.day, o.due),
        tax_rate_bp: o.tax,
        lines: o.lines,
      });
    case 'moveDueDate': {
      const id = idAt(store, 'invoices', c, o.pick);
      const issue = store.db.prepare('SELECT issue_date FROM invoices WHERE id = ?').pluck().get(id) as string | undefined;
      return void updateInvoice(store, c, id, { due_date: addDays(issue ?? '2025-01-20', o.due) });
    }
    case 'setInvoiceStatus': {
      const id = idAt(store, 'invoices', c, o.pick);
      const row = store.db.prepare('SELECT issue_date, status FROM invoices WHERE id = ?').get(id) as
        { issue_date: string; status: InvoiceStatus } | undefined;
      const legal = row ? INVOICE_TRANSITIONS[row.status] : [];
      const status = o.legal && legal.length ? legal[o.move % legal.length]! : o.status;
      const paid = status === 'paid' && row ? { paid_date: addDays(row.issue_date, o.paid) } : {};
      return void setInvoiceStatus(store, c, id, { status, ...paid });
    }
    case 'deleteInvoice':
      return deleteInvoice(store, c, idAt(store, 'invoices', c, o.pick));
    case 'createQuote':
      return void createQuote(store, c, {
        client_id: idAt(store, 'clients', c, o.client),
        status: o.status,
        issue_date: o.day,
        tax_rate_bp: o.tax,
        lines: o.lines,
      });
    case 'setQuoteStatus': {
      const id = idAt(store, 'quotes', c, o.pick);
      const current = store.db.prepare('SELECT status FROM quotes WHERE id = ?').pluck().get(id) as QuoteStatus | undefined;
      const legal = current ? QUOTE_TRANSITIONS[current] : [];
      return void setQuoteStatus(store, c, id, { status: o.legal && legal.length ? legal[o.move % legal.length]! : o.status });
    }
    case 'convertQuote':
      return void convertQuote(store, c, idAt(store, 'quotes', c, o.pick), { issue_date: o.day });
    case 'deleteQuote':
      return deleteQuote(store, c, idAt(store, 'quotes', c, o.pick));
  }
}

function rollupsOf(store: Store, company: number): unknown[] {
  return ROLLUPS.map((r) =>
    store.db.prepare(`SELECT * FROM ${r.table} WHERE company_id = ? ORDER BY ${r.keyColumns.join(', ')}`).all(company),
  );
}

const succeeded = new Map<string, number>();

describe('trigger-kept rollups under random write sequences', () => {
  it('always equal their recomputation, and never move for the company that was not written', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 40, size: 'max' }), (steps) => {
        const t = openTestStore();
        try {
          const companies = [createCompany(t.store, { name: 'A' }).id, createCompany(t.store, { name: 'B' }).id];
          // A few rows to act on from the first step, so status moves and edits are exercised, not just refused.
          for (const c of companies) {
            const client_id = createClient(t.store, c, { name: 'Seed', created_date: '2025-01-20' }).id;
            const doc = { client_id, issue_date: '2025-01-25', lines: [{ description: 'Seed', quantity: 1, unit_price: 1000 }] };
            for (const status of ['draft', 'sent'] as const) {
              createInvoice(t.store, c, { ...doc, status });
              createQuote(t.store, c, { ...doc, status });
            }
            createQuote(t.store, c, { ...doc, status: 'approved' });
            createExpense(t.store, c, { date: '2025-01-25', category: 'travel', amount: 500 });
            createClient(t.store, c, { name: 'Spare', created_date: '2025-01-21' }); // no documents: deletable
          }
          for (const s of steps) {
            const c = companies[s.company]!;
            const other = companies[1 - s.company]!;
            const before = rollupsOf(t.store, other);
            try {
              apply(t.store, c, s.op);
              succeeded.set(s.op.kind, (succeeded.get(s.op.kind) ?? 0) + 1);
            } catch (e) {
              if (!isKiraError(e)) throw e;
            }
            expect(rollupsOf(t.store, other)).toEqual(before);
          }
          expect(compareRollups(t.store.db)).toEqual([]);
        } finally {
          t.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  afterAll(() => {
    // Guard against a generator that only ever produces rejected writes (a test that cannot fail).
    expect([...succeeded.keys()].sort()).toEqual(
      [
        'convertQuote',
        'createClient',
        'createExpense',
        'createInvoice',
        'createQuote',
        'deleteClient',
        'deleteExpense',
        'deleteInvoice',
        'deleteQuote',
        'moveDueDate',
        'setInvoiceStatus',
        'setQuoteStatus',
        'updateClient',
        'updateExpense',
        'updateInvoice',
      ].sort(),
    );
  });
});
