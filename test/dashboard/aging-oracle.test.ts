/**
 * Aging oracle: random invoices pushed through random status histories (write API at random instants, direct
 * UPDATEs, paid-date corrections, deletes), then the aged-receivables report for random as-of dates compared
 * with an independent computation from the history rows alone: status on D = the invoice's last entry (in the
 * order written) dated on or before D; owed when sent/viewed and issued by D; bucket by D − due date.
 * Also P&L against a plain sum over raw rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_CODES, INVOICE_TRANSITIONS, type InvoiceStatus } from '../../src-engine/core/categories.js';
import { addDays } from '../../src-engine/core/dates.js';
import { isKiraError } from '../../src-engine/core/errors.js';
import { Prng } from '../../src-engine/core/prng.js';
import { aging, pnl, resolveAging, resolvePnl } from '../../src-engine/dashboard/reports/index.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { Store } from '../../src-engine/store/store.js';
import { createClient } from '../../src-engine/store/writes/clients.js';
import { createCompany } from '../../src-engine/store/writes/companies.js';
import { createExpense } from '../../src-engine/store/writes/expenses.js';
import { createInvoice, deleteInvoice, setInvoiceStatus, updateInvoice } from '../../src-engine/store/writes/invoices.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
let store: Store;
const companies: { id: number; clients: number[] }[] = [];
const r = new Prng(14_2026);
const START = '2024-01-01';
const day = (min = 0, max = 700) => addDays(START, r.int(min, max));
const at = (d: string, zone: string) => new Date(`${d}T${zone === 'Pacific/Auckland' ? '00' : '12'}:00:00Z`);

beforeAll(() => {
  store = Store.open(tmp.path('aging.sqlite'));
  for (const zone of ['Asia/Kuala_Lumpur', 'America/New_York', 'Pacific/Auckland']) {
    const c = createCompany(store, { name: `Co ${zone}`, time_zone: zone });
    const clients = Array.from({ length: 6 }, (_, i) => createClient(store, c.id, { name: `Client ${i}`, created_date: START }).id);
    companies.push({ id: c.id, clients });
    for (let i = 0; i < 40; i++) {
      createExpense(store, c.id, { date: day(-400), category: r.pick(CATEGORY_CODES), amount: r.int(1, 500_000) });
    }
    for (let i = 0; i < 120; i++) {
      const issue = day();
      const status = r.weighted<InvoiceStatus>(['draft', 'sent', 'viewed', 'paid', 'cancelled'], [4, 3, 1, 2, 1]);
      const inv = createInvoice(
        store,
        c.id,
        {
          client_id: r.pick(clients),
          status,
          issue_date: issue,
          due_date: addDays(issue, r.int(0, 60)),
          paid_date: status === 'paid' ? addDays(issue, r.int(0, 120)) : undefined,
          tax_rate_bp: r.pick([0, 600, 800]),
          lines: [{ description: 'Work', quantity: r.int(1, 5), unit_price: r.int(100, 900_000) }],
        },
        at(issue, zone),
      );
      // Walk the invoice along legal moves at later instants (some by direct UPDATE, as a script would).
      let current: InvoiceStatus = status;
      let when = issue;
      while (INVOICE_TRANSITIONS[current].length && r.chance(0.7)) {
        const next = r.pick(INVOICE_TRANSITIONS[current]);
        when = addDays(when, r.int(-5, 90)); // sometimes "before" the last move: entries are clamped
        try {
          if (r.chance(0.15)) {
            const paid = next === 'paid' ? addDays(issue, r.int(0, 150)) : null;
            store.db.prepare('UPDATE invoices SET status = ?, paid_date = ? WHERE id = ?').run(next, paid, inv.id);
          } else if (r.chance(0.3)) {
            updateInvoice(
              store,
              c.id,
              inv.id,
              next === 'paid' ? { status: next, paid_date: addDays(issue, r.int(0, 150)) } : { status: next },
              at(when, zone),
            );
          } else {
            setInvoiceStatus(
              store,
              c.id,
              inv.id,
              next === 'paid' && r.chance(0.5) ? { status: next, paid_date: addDays(when, -r.int(0, 20)) } : { status: next },
              at(when, zone),
            );
          }
          current = next;
        } catch (e) {
          if (!isKiraError(e)) throw e; // a paid date before the issue date is refused: fine
        }
      }
      if (current === 'paid' && r.chance(0.2))
        updateInvoice(store, c.id, inv.id, { paid_date: addDays(issue, r.int(0, 200)) }, at(when, zone));
      if ((current === 'draft' || current === 'cancelled') && r.chance(0.1)) deleteInvoice(store, c.id, inv.id);
    }
  }
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

interface Inv {
  id: number;
  client_id: number;
  number: string;
  issue_date: string;
  due_date: string;
  total: number;
  status: string;
  paid_date: string | null;
}

function oracleAging(company: number, asOf: string) {
  const db = store.db;
  const invoices = db.prepare('SELECT * FROM invoices WHERE company_id = ?').all(company) as Inv[];
  const hist = db.prepare('SELECT invoice_id, status, day FROM invoice_status_history WHERE company_id = ? ORDER BY id').all(company) as {
    invoice_id: number;
    status: string;
    day: string;
  }[];
  const names = new Map(
    (db.prepare('SELECT id, name FROM clients WHERE company_id = ?').all(company) as { id: number; name: string }[]).map((c) => [
      c.id,
      c.name,
    ]),
  );
  const cells = () => ({ current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0, total: 0 });
  const byClient = new Map<number, ReturnType<typeof cells> & { client_id: number; name: string; ids: number[] }>();
  const totals = cells();
  for (const i of invoices) {
    let status: string | null = null;
    for (const h of hist) if (h.invoice_id === i.id && h.day <= asOf) status = h.status;
    if (!(i.issue_date <= asOf && (status === 'sent' || status === 'viewed'))) continue;
    const days = Math.round((Date.parse(asOf) - Date.parse(i.due_date)) / 86_400_000);
    const bucket = days <= 0 ? 'current' : days <= 30 ? '1_30' : days <= 60 ? '31_60' : days <= 90 ? '61_90' : 'over_90';
    const c = byClient.get(i.client_id) ?? { client_id: i.client_id, name: names.get(i.client_id)!, ...cells(), ids: [] };
    byClient.set(i.client_id, c);
    c[bucket] += i.total;
    c.total += i.total;
    c.ids.push(i.id);
    totals[bucket] += i.total;
    totals.total += i.total;
  }
  const clients = [...byClient.values()].filter((c) => c.total !== 0).sort((a, b) => b.total - a.total || a.client_id - b.client_id);
  return { clients, totals };
}

describe('aged receivables', () => {
  it('history and spans are consistent with the rollup definitions', () => {
    expect(compareRollups(store.db)).toEqual([]);
    // Every invoice's last history entry is its current status.
    const stale = store.db
      .prepare(
        `SELECT i.id FROM invoices i WHERE i.status IS NOT
      (SELECT status FROM invoice_status_history h WHERE h.invoice_id = i.id ORDER BY h.id DESC LIMIT 1)`,
      )
      .all();
    expect(stale).toEqual([]);
  });

  it('equals the independent computation from the history for random as-of dates', () => {
    let nonEmpty = 0;
    for (const c of companies) {
      const dates = [START, '2024-12-31', '2025-06-30', '2026-06-30', ...Array.from({ length: 25 }, () => day(-30, 900))];
      for (const asOf of dates) {
        const res = aging(store.db, resolveAging(store.db, { company: c.id, as_of: asOf, detail: true }));
        const summary = aging(store.db, resolveAging(store.db, { company: c.id, as_of: asOf }));
        const want = oracleAging(c.id, asOf);
        const ctx = JSON.stringify({ company: c.id, asOf });
        expect(res.totals, ctx).toEqual(want.totals);
        // The summary (one grouped scan) gives the same cells as the detail (summed from the invoices listed).
        expect(summary.clients, ctx).toEqual(res.clients.map(({ invoices: _, ...rest }) => rest));
        expect(
          res.clients.map(({ invoices, ...rest }) => ({ ...rest, ids: invoices!.map((i) => i.invoice_id).sort((a, b) => a - b) })),
          ctx,
        ).toEqual(want.clients.map((w) => ({ ...w, ids: w.ids.sort((a, b) => a - b) })));
        // Every cell is the sum of the invoices listed behind it.
        for (const cl of res.clients) {
          for (const b of res.buckets)
            expect(
              cl.invoices!.filter((i) => i.bucket === b).reduce((s, i) => s + i.total, 0),
              ctx,
            ).toBe(cl[b]);
        }
        if (res.totals.total > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20); // the test compared real balances, not empty reports
  });
});

describe('profit and loss', () => {
  it('equals plain sums over raw rows, by month and quarter, on both bases, with the year before', () => {
    for (const c of companies) {
      for (const [from, to, by, basis] of [
        ['2024-01-01', '2025-12-31', 'month', 'accrual'],
        ['2024-02-10', '2025-05-20', 'quarter', 'cash'],
        ['2025-02-01', '2025-02-28', 'month', 'cash'],
      ] as const) {
        const res = pnl(store.db, resolvePnl(store.db, { company: c.id, from, to, by, basis }));
        const inv = store.db.prepare('SELECT * FROM invoices WHERE company_id = ?').all(c.id) as Inv[];
        const exp = store.db.prepare('SELECT date, category, amount FROM expenses WHERE company_id = ?').all(c.id) as {
          date: string;
          category: string;
          amount: number;
        }[];
        const rev = (f: string, t: string) =>
          inv
            .filter((i) =>
              basis === 'cash'
                ? i.status === 'paid' && i.paid_date! >= f && i.paid_date! <= t
                : !['draft', 'cancelled'].includes(i.status) && i.issue_date >= f && i.issue_date <= t,
            )
            .reduce((s, i) => s + i.total, 0);
        const ex = (f: string, t: string) => exp.filter((e) => e.date >= f && e.date <= t).reduce((s, e) => s + e.amount, 0);
        expect(res.periods[0]!.from).toBe(from);
        expect(res.periods.at(-1)!.to).toBe(to);
        for (const p of res.periods) {
          expect([p.revenue, p.expenses, p.net]).toEqual([rev(p.from, p.to), ex(p.from, p.to), rev(p.from, p.to) - ex(p.from, p.to)]);
          expect(Object.values(p.expenses_by_category).reduce((s, v) => s + v, 0)).toBe(p.expenses);
          const y = p.previous_year;
          expect([y.revenue, y.expenses]).toEqual([rev(y.from, y.to), ex(y.from, y.to)]);
        }
        expect(res.totals.revenue).toBe(rev(from, to));
        expect(res.totals.expenses).toBe(ex(from, to));
      }
    }
    const feb = pnl(store.db, resolvePnl(store.db, { company: companies[0]!.id, from: '2024-02-01', to: '2024-02-29' }));
    expect(feb.periods[0]!.previous_year).toMatchObject({ from: '2023-02-01', to: '2023-02-28' });
  });
});
