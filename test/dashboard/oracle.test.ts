/**
 * Oracle test: every view's figures equal an independent plain-JS computation over the raw rows, for many
 * parameter sets across three companies in three time zones, before and after random writes of every kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { GRANULARITIES, previousEqualWindow, trendBuckets } from '../../src-engine/core/dates.js';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from '../../src-engine/core/categories.js';
import { KiraError } from '../../src-engine/core/errors.js';
import { httpStatus } from '../../src-engine/service/common/error-shape.js';
import type { ClientRow, ViewName } from '../../src-engine/core/views/types.js';
import { resolveParams, runView } from '../../src-engine/dashboard/index.js';
import { tempDir } from '../helpers/tmp.js';
import { buildDataset, int, isoPlus, pick, randomDate, randomWrite, type Rand } from './fixture.js';
import * as o from './oracle-model.js';

const tmp = tempDir();
let db: Database;
let companies: number[];
let r: Rand;

beforeAll(() => {
  ({ db, companies, r } = buildDataset(tmp.path('oracle.sqlite'), 20240229));
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

const NOWS = ['2024-02-29T03:00:00Z', '2024-03-31T20:00:00Z', '2024-01-15T12:00:00Z', '2024-05-10T23:30:00Z', '2023-12-31T16:30:00Z'];

/** Ranges: month to date (default), whole months incl. leap February, a leap day, random spans. */
function queries(rand: Rand): Record<string, unknown>[] {
  const qs: Record<string, unknown>[] = [
    {},
    { from: '2024-02-01', to: '2024-02-29' },
    { from: '2024-02-29', to: '2024-02-29' },
    { from: '2023-12-01', to: '2023-12-31', basis: 'cash' },
    { from: '2024-03-01', to: '2024-03-15' },
    { to: '2024-04-20', basis: 'cash' },
  ];
  for (let i = 0; i < 4; i++) {
    const from = randomDate(rand, '2023-02-01', '2024-05-31');
    qs.push({ from, to: isoPlus(from, int(rand, 0, 200)), basis: pick(rand, ['accrual', 'cash']) });
  }
  return qs;
}

function todayIn(zone: string, now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const fig = (value: number, previous: number) => ({ value, previous, change_pct: o.change(value, previous) });
const pfig = (value: number | null, previous: number | null) => ({
  value,
  previous,
  change_points: value === null || previous === null ? null : Math.round((value - previous) * 100) / 100,
});

function zoneOf(company: number): string {
  return db.prepare('SELECT time_zone FROM companies WHERE id = ?').pluck().get(company) as string;
}

function checkPeriodViews(company: number, q: Record<string, unknown>, now: Date): void {
  const raw = o.loadRaw(db, company);
  const today = todayIn(zoneOf(company), now);
  const p = resolveParams(db, 'overview', { ...q, company }, now);
  expect(p.today).toBe(today);
  if (q.from === undefined && q.to === undefined) expect([p.from, p.to]).toEqual([`${today.slice(0, 7)}-01`, today]);
  const basis = (q.basis as 'accrual' | 'cash' | undefined) ?? 'accrual';
  const { from, to } = p;
  const prev = previousEqualWindow({ from, to });
  const ctx = JSON.stringify({ company, q, now });

  const rev = o.revenueOf(raw, from, to, basis);
  const revP = o.revenueOf(raw, prev.from, prev.to, basis);
  const exp = o.expensesOf(raw, from, to);
  const expP = o.expensesOf(raw, prev.from, prev.to);
  const od = o.overdueOf(raw, to, today);
  const odP = o.overdueOf(raw, isoPlus(from, -1), today);
  const qs = o.quotesOf(raw, from, to);
  const qsP = o.quotesOf(raw, prev.from, prev.to);
  const cats = o.categoriesOf(raw, from, to);
  const byClient = o.clientRevenueOf(raw, from, to);
  const accrualTotal = o.revenueOf(raw, from, to, 'accrual').total;

  const ov = runView(db, 'overview', p);
  expect(ov, ctx).toMatchObject({
    company: { id: company },
    period: { from, to },
    previous_period: prev,
    revenue: fig(rev.total, revP.total),
    expenses: fig(exp.total, expP.total),
    net_profit: fig(rev.total - exp.total, revP.total - expP.total),
    profit_margin: pfig(o.pct(rev.total - exp.total, rev.total), o.pct(revP.total - expP.total, revP.total)),
    outstanding: fig(o.outstandingOf(raw, to, today).total, o.outstandingOf(raw, isoPlus(from, -1), today).total),
    overdue: { amount: fig(od.total, odP.total), count: fig(od.count, odP.count) },
    clients: {
      active: fig(o.activeClients(raw, to), o.activeClients(raw, prev.to)),
      new: fig(o.newClients(raw, from, to), o.newClients(raw, prev.from, prev.to)),
    },
    invoices: {
      count: fig(rev.count, revP.count),
      average_value: { value: o.avgMoney(rev.total, rev.count), previous: o.avgMoney(revP.total, revP.count) },
    },
    quotes: {
      count: fig(qs.count, qsP.count),
      converted: fig(qs.converted, qsP.converted),
      conversion_rate: pfig(o.pct(qs.converted, qs.count), o.pct(qsP.converted, qsP.count)),
    },
    reimbursable_expenses: fig(exp.reimbursable, expP.reimbursable),
  });
  expect(ov.top_expense_categories, ctx).toEqual(
    cats.slice(0, 5).map((c) => ({
      code: c.code,
      label: EXPENSE_CATEGORIES[c.code as ExpenseCategory],
      amount: c.amount,
      share_pct: o.pct(c.amount, exp.total),
      count: c.count,
    })),
  );
  expect(ov.top_clients, ctx).toEqual(byClient.slice(0, 5).map((c) => ({ ...c, share_pct: o.pct(c.revenue, accrualTotal) })));

  const st = runView(db, 'stats', resolveParams(db, 'stats', { ...q, company }, now));
  const pendingAll = o.outstandingOf(raw, today, today);
  const overdueNow = o.overdueOf(raw, today, today);
  expect(st, ctx).toMatchObject({
    revenue: fig(rev.total, revP.total),
    expenses: fig(exp.total, expP.total),
    net_profit: fig(rev.total - exp.total, revP.total - expP.total),
    active_clients: o.activeClients(raw, to),
    pending_invoices: { count: pendingAll.count, amount: pendingAll.total },
    overdue: { count: overdueNow.count, amount: overdueNow.total },
  });

  const br = runView(db, 'breakdown', resolveParams(db, 'breakdown', { ...q, company }, now));
  expect(br.expenses_total).toBe(exp.total);
  expect(
    br.categories.map((c) => [c.code, c.amount, c.count, c.share_pct]),
    ctx,
  ).toEqual(cats.map((c) => [c.code, c.amount, c.count, o.pct(c.amount, exp.total)]));
  // revenue_total follows the basis (changed deliberately: it was accrual under basis=cash); by-client stays accrual.
  expect(br.revenue_total).toBe(rev.total);
  expect(br.revenue_by_client_total).toBe(accrualTotal);
  expect(br.revenue_by_client, ctx).toEqual(byClient.map((c) => ({ ...c, share_pct: o.pct(c.revenue, accrualTotal) })));

  const kp = runView(db, 'kpis', resolveParams(db, 'kpis', { ...q, company }, now));
  const prev2 = previousEqualWindow(prev);
  const revP2 = o.revenueOf(raw, prev2.from, prev2.to, basis);
  const paid = o.paidOf(raw, from, to);
  const paidP = o.paidOf(raw, prev.from, prev.to);
  const ratio = (asOf: string) => o.pct(o.overdueOf(raw, asOf, today).total, o.outstandingOf(raw, asOf, today).total);
  const growth = o.change(rev.total, revP.total);
  const margin = o.pct(rev.total - exp.total, rev.total);
  const byId = Object.fromEntries(kp.kpis.map((k) => [k.id, k]));
  expect(Object.keys(byId)).toHaveLength(7);
  expect(byId.total_revenue, ctx).toMatchObject({ current: rev.total, previous: revP.total, change: o.change(rev.total, revP.total) });
  expect(byId.profit_margin, ctx).toMatchObject({
    current: margin,
    target: 20,
    achievement_pct: margin === null ? null : Math.round((margin / 20) * 10000) / 100,
  });
  expect(byId.invoices_issued, ctx).toMatchObject({
    current: o.revenueOf(raw, from, to, 'accrual').count,
    previous: o.revenueOf(raw, prev.from, prev.to, 'accrual').count,
  });
  expect(byId.new_clients, ctx).toMatchObject({ current: o.newClients(raw, from, to), previous: o.newClients(raw, prev.from, prev.to) });
  expect(byId.revenue_growth, ctx).toMatchObject({ current: growth, previous: o.change(revP.total, revP2.total), target: 10 });
  expect(byId.average_days_to_pay, ctx).toMatchObject({
    current: o.avgDays(paid.daysToPay, paid.count),
    previous: o.avgDays(paidP.daysToPay, paidP.count),
    higher_is_better: false,
  });
  expect(byId.overdue_ratio, ctx).toMatchObject({ current: ratio(to), previous: ratio(prev.to) });
  for (const k of kp.kpis) {
    const d = k.current === null || k.previous === null ? 0 : k.current - k.previous;
    if (d === 0) expect(k.trend).toBe('flat');
    else expect(['flat', d > 0 ? 'up' : 'down']).toContain(k.trend);
  }
}

function checkTrends(company: number, q: Record<string, unknown>, now: Date, rand: Rand): void {
  const raw = o.loadRaw(db, company);
  for (const granularity of GRANULARITIES) {
    const periods = int(rand, 1, 14);
    const p = resolveParams(db, 'trends', { ...q, company, granularity, periods: String(periods) }, now);
    const t = runView(db, 'trends', p);
    const basis = p.basis;
    const buckets = trendBuckets(p.to, granularity, periods);
    expect(t.buckets.map((b) => [b.from, b.to])).toEqual(buckets.map((b) => [b.from, b.to]));
    expect(t.buckets[t.buckets.length - 1]!.from <= p.to && p.to <= t.buckets[t.buckets.length - 1]!.to).toBe(true);
    for (const [i, b] of buckets.entries()) {
      const rv = o.revenueOf(raw, b.from, b.to, basis).total;
      const ex = o.expensesOf(raw, b.from, b.to).total;
      expect(t.buckets[i], JSON.stringify({ company, granularity, b })).toEqual({
        from: b.from,
        to: b.to,
        revenue: rv,
        expenses: ex,
        profit: rv - ex,
      });
    }
  }
}

function compareRows(sort: keyof ClientRow | 'risk', order: 'asc' | 'desc') {
  const rank = { low: 0, medium: 1, high: 2 };
  return (a: o.OracleClient, b: o.OracleClient) => {
    const x = sort === 'risk' ? rank[a.risk] : (a[sort as keyof o.OracleClient] as string | number | null);
    const y = sort === 'risk' ? rank[b.risk] : (b[sort as keyof o.OracleClient] as string | number | null);
    if (x === y) return a.client_id - b.client_id;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
    return (order === 'asc' ? c : -c) || a.client_id - b.client_id;
  };
}

function checkClients(company: number, q: Record<string, unknown>, now: Date, rand: Rand): void {
  const raw = o.loadRaw(db, company);
  const sort = pick(rand, [
    'name',
    'revenue',
    'outstanding',
    'invoice_count',
    'quote_count',
    'average_invoice',
    'average_days_to_pay',
    'payment_score',
    'risk',
  ] as const);
  const order = pick(rand, ['asc', 'desc'] as const);
  const page_size = int(rand, 1, 12);
  const p = resolveParams(db, 'clients', { ...q, company, sort, order, page_size: String(page_size) }, now);
  const expected = o.clientsOf(raw, p.from, p.to, p.today).sort(compareRows(sort, order));
  const pages = Math.ceil(expected.length / page_size);
  const seen: ClientRow[] = [];
  for (let page = 1; page <= pages + 1; page++) {
    const res = runView(db, 'clients', { ...p, page });
    expect(res.total).toBe(expected.length);
    expect(res.total_pages).toBe(pages);
    seen.push(...res.items);
  }
  expect(seen, JSON.stringify({ company, sort, order })).toEqual(expected);
}

function monthEnd(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return new Date(Date.UTC(y!, mo, 0)).toISOString().slice(0, 10);
}

function checkProjections(company: number, q: Record<string, unknown>, now: Date): void {
  const raw = o.loadRaw(db, company);
  const p = resolveParams(db, 'projections', { ...q, company }, now);
  const anchor = p.to < p.today ? p.to : p.today;
  // Last complete month: the anchor's own month if the anchor is its last day, else the month before.
  let last = anchor.slice(0, 7);
  if (anchor !== monthEnd(last))
    last = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(5, 7)) - 2, 1)).toISOString().slice(0, 7);
  const firstDays =
    p.basis === 'cash'
      ? raw.inv.filter((i) => i.status === 'paid').map((i) => i.paid_date!)
      : raw.inv.filter((i) => i.status !== 'draft' && i.status !== 'cancelled').map((i) => i.issue_date);
  const firstMonth = firstDays.length ? firstDays.sort()[0]!.slice(0, 7) : '9999-99';
  const months: string[] = [];
  for (let k = 5; k >= 0; k--) {
    const m = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(5, 7)) - 1 - k, 1)).toISOString().slice(0, 7);
    if (m >= firstMonth) months.push(m);
  }
  if (months.length < 3) {
    expect(() => runView(db, 'projections', p)).toThrow(expect.objectContaining({ kind: 'unprocessable' }));
    return;
  }
  const res = runView(db, 'projections', p);
  const ys = months.map((m) => o.revenueOf(raw, `${m}-01`, monthEnd(m), p.basis).total);
  expect(res.history.map((h) => [h.month, h.revenue])).toEqual(months.map((m, i) => [m, ys[i]]));
  const fit = o.fitLine(ys);
  for (const [k, pr] of res.projections.entries()) {
    expect(Math.abs(pr.revenue - Math.max(0, Math.round(fit.intercept + fit.slope * (ys.length + k))))).toBeLessThanOrEqual(1);
    expect(pr.lower).toBeLessThanOrEqual(pr.revenue);
    expect(pr.upper).toBeGreaterThanOrEqual(pr.revenue);
  }
}

function checkRealtime(company: number, now: Date): void {
  const raw = o.loadRaw(db, company);
  const today = todayIn(zoneOf(company), now);
  const y = isoPlus(today, -1);
  const res = runView(db, 'realtimeAggregate', resolveParams(db, 'realtimeAggregate', { company }, now));
  const pair = (m: { value: number; previous: number }) => [m.value, m.previous];
  const rv = o.revenueOf(raw, today, today, 'accrual').total;
  const rvY = o.revenueOf(raw, y, y, 'accrual').total;
  const ex = o.expensesOf(raw, today, today).total;
  const exY = o.expensesOf(raw, y, y).total;
  expect(res.today).toBe(today);
  expect(pair(res.metrics.daily_revenue)).toEqual([rv, rvY]);
  expect(pair(res.metrics.daily_expenses)).toEqual([ex, exY]);
  expect(pair(res.metrics.daily_profit)).toEqual([rv - ex, rvY - exY]);
  expect(pair(res.metrics.pending_invoices)).toEqual([o.outstandingOf(raw, today, today).count, o.outstandingOf(raw, y, today).count]);
  expect(pair(res.metrics.overdue_invoices)).toEqual([o.overdueOf(raw, today, today).count, o.overdueOf(raw, y, today).count]);
  expect(pair(res.metrics.active_clients)).toEqual([o.activeClients(raw, today), o.activeClients(raw, y)]);
  expect(res.score).toBeGreaterThanOrEqual(30);
  expect(res.score).toBeLessThanOrEqual(100);
  expect(res.alerts.some((a) => a.id === 'profit-negative')).toBe(rv - ex < 0);
  expect(res.alerts.some((a) => a.id === 'overdue-invoices-high')).toBe(o.overdueOf(raw, today, today).count > 5);
}

function checkExports(company: number, q: Record<string, unknown>, now: Date): void {
  const raw = o.loadRaw(db, company);
  const p = resolveParams(db, 'export', { ...q, company, kind: 'transactions' }, now);
  const rows = [...runView(db, 'export', p).rows];
  const inv = raw.inv.filter((i) => i.issue_date >= p.from && i.issue_date <= p.to);
  const exp = raw.exp.filter((e) => e.date >= p.from && e.date <= p.to);
  expect(
    rows
      .filter((x) => x.type === 'invoice')
      .map((x) => x.id)
      .sort(),
  ).toEqual(inv.map((i) => i.id).sort());
  expect(
    rows
      .filter((x) => x.type === 'expense')
      .map((x) => x.id)
      .sort(),
  ).toEqual(exp.map((e) => e.id).sort());
  const dates = rows.map((x) => x.date as string);
  expect(dates).toEqual([...dates].sort());
  const clientsExport = [...runView(db, 'export', { ...p, kind: 'clients' }).rows];
  expect(clientsExport).toHaveLength(raw.cli.length);
  const trendsExport = [...runView(db, 'export', { ...p, kind: 'trends' }).rows];
  expect(trendsExport).toHaveLength(p.periods);
  const overviewExport = [...runView(db, 'export', { ...p, kind: 'overview' }).rows];
  expect(overviewExport.find((x) => x.figure === 'revenue')?.value).toBe(o.revenueOf(raw, p.from, p.to, p.basis).total);
}

function checkAll(rand: Rand): void {
  for (const company of companies) {
    for (const nowIso of NOWS) {
      const now = new Date(nowIso);
      for (const q of queries(rand)) {
        checkPeriodViews(company, q, now);
        checkProjections(company, q, now);
      }
      const q = pick(rand, queries(rand));
      checkTrends(company, q, now, rand);
      checkClients(company, q, now, rand);
      checkRealtime(company, now);
      checkExports(company, q, now);
    }
  }
}

describe('dashboard views equal an independent computation over raw rows', () => {
  it('on the initial random dataset', () => {
    checkAll(r);
  });

  it('after random inserts, updates, status changes and deletes', () => {
    for (let round = 0; round < 3; round++) {
      db.transaction(() => {
        for (let i = 0; i < 80; i++) randomWrite(db, r, pick(r, companies));
      })();
      checkAll(r);
    }
  });
});

describe('tenant isolation', () => {
  it("never counts another company's rows", () => {
    const [a, b] = companies as [number, number];
    const now = new Date('2024-02-29T03:00:00Z');
    const q = { company: a, from: '2023-01-01', to: '2024-12-31' };
    const views: ViewName[] = ['overview', 'breakdown', 'kpis', 'stats'];
    const before = views.map((v) => JSON.stringify(runView(db, v, resolveParams(db, v, q, now))));
    // A huge invoice and expense in B, on days A's range covers.
    const clientB = db.prepare('SELECT id FROM clients WHERE company_id = ? LIMIT 1').pluck().get(b) as number;
    db.prepare(
      `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, subtotal, tax, total)
      VALUES (?, 'INV-ISO', ?, 'sent', '2024-02-10', '2024-02-11', 9, 0, 999999999)`,
    ).run(b, clientB);
    db.prepare(`INSERT INTO expenses (company_id, date, category, amount) VALUES (?, '2024-02-10', 'rent', 888888888)`).run(b);
    const after = views.map((v) => JSON.stringify(runView(db, v, resolveParams(db, v, q, now))));
    expect(after).toEqual(before);
    const tx = [...runView(db, 'export', resolveParams(db, 'export', { ...q, kind: 'transactions' }, now)).rows];
    expect(tx.some((x) => x.amount === 999999999 || x.amount === 888888888)).toBe(false);
    const clientIds = new Set(o.loadRaw(db, a).cli.map((c) => c.id));
    const list = runView(db, 'clients', resolveParams(db, 'clients', { ...q, page_size: 100 }, now));
    expect(list.items.every((c) => clientIds.has(c.client_id))).toBe(true);
  });
});

function errorOf(f: () => unknown): KiraError {
  try {
    f();
  } catch (e) {
    if (e instanceof KiraError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('parameter errors', () => {
  const now = new Date('2024-02-29T03:00:00Z');
  const bad: [ViewName, Record<string, unknown>, string][] = [
    ['overview', { from: '2024-02-30' }, 'from'],
    ['overview', { to: 'yesterday' }, 'to'],
    ['overview', { from: '2024-03-02', to: '2024-03-01' }, 'from'],
    ['overview', { from: '2000-01-01', to: '2024-01-01' }, 'to'],
    ['overview', { basis: 'cashflow' }, 'basis'],
    ['overview', { company: 'acme' }, 'company'],
    ['overview', { company: '1.5' }, 'company'],
    ['trends', { granularity: 'fortnight' }, 'granularity'],
    ['trends', { periods: '0' }, 'periods'],
    ['trends', { periods: 121 }, 'periods'],
    ['clients', { page: '0' }, 'page'],
    ['clients', { page_size: '101' }, 'page_size'],
    ['clients', { sort: 'password' }, 'sort'],
    ['clients', { order: 'sideways' }, 'order'],
    ['export', { format: 'xlsx' }, 'format'],
    ['export', { kind: 'everything' }, 'kind'],
  ];
  it.each(bad)('%s %j → 400 naming %s', (view, q, param) => {
    const e = errorOf(() => resolveParams(db, view, q, now));
    expect(httpStatus(e)).toBe(400);
    expect(e.details.param).toBe(param);
  });

  it('accepts typed values (IPC) as well as strings (HTTP)', () => {
    const a = resolveParams(db, 'trends', { company: companies[1], periods: 6, granularity: 'week' }, now);
    const b = resolveParams(db, 'trends', { company: String(companies[1]), periods: '6', granularity: 'week' }, now);
    expect(a).toEqual(b);
    expect(a.company).toBe(companies[1]);
  });

  it('defaults to the first company and 404s an unknown one', () => {
    expect(resolveParams(db, 'overview', {}, now).company).toBe(companies[0]);
    const e = errorOf(() => resolveParams(db, 'overview', { company: 999 }, now));
    expect(httpStatus(e)).toBe(404);
  });
});
