/**
 * The independent computation the oracle test compares the views with: every figure recomputed in plain JS
 * from the raw rows (SELECT * … then filter/sum), straight from the definitions in docs/api.md. It shares
 * nothing with src-engine/dashboard; only calendar helpers from core/dates (tested on their own) are reused.
 */
import type { Database } from 'better-sqlite3';

export interface Inv {
  id: number;
  company_id: number;
  client_id: number;
  status: string;
  issue_date: string;
  due_date: string;
  paid_date: string | null;
  total: number;
}
export interface Exp {
  id: number;
  company_id: number;
  date: string;
  category: string;
  amount: number;
  reimbursable: number;
  client_id: number | null;
}
export interface Cli {
  id: number;
  company_id: number;
  name: string;
  email: string | null;
  active: number;
  created_date: string;
}
export interface Quo {
  id: number;
  company_id: number;
  client_id: number;
  issue_date: string;
  converted_invoice_id: number | null;
}

export interface Hist {
  id: number;
  invoice_id: number;
  status: string;
  day: string;
}

export interface Raw {
  inv: Inv[];
  exp: Exp[];
  cli: Cli[];
  quo: Quo[];
  hist: Map<number, Hist[]>;
}

export function loadRaw(db: Database, company: number): Raw {
  return {
    inv: db.prepare('SELECT * FROM invoices WHERE company_id = ?').all(company) as Inv[],
    exp: db.prepare('SELECT * FROM expenses WHERE company_id = ?').all(company) as Exp[],
    cli: db.prepare('SELECT * FROM clients WHERE company_id = ?').all(company) as Cli[],
    quo: db.prepare('SELECT * FROM quotes WHERE company_id = ?').all(company) as Quo[],
    hist: historyByInvoice(
      db.prepare('SELECT id, invoice_id, status, day FROM invoice_status_history WHERE company_id = ?').all(company) as Hist[],
    ),
  };
}

function historyByInvoice(rows: Hist[]): Map<number, Hist[]> {
  const by = new Map<number, Hist[]>();
  for (const h of rows.sort((a, b) => a.id - b.id)) by.set(h.invoice_id, [...(by.get(h.invoice_id) ?? []), h]);
  return by;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const inRange = (d: string | null, from: string, to: string) => d !== null && d >= from && d <= to;
const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
export const pct = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10000) / 100);
export const change = (cur: number | null, prev: number | null): number | null =>
  cur === null || prev === null || prev === 0 ? null : Math.round(((cur - prev) / Math.abs(prev)) * 10000) / 100;
/** Half-up integer average of non-negative integers. */
export const avgMoney = (s: number, n: number): number | null => (n === 0 ? null : Math.floor((2 * s + n) / (2 * n)));
export const avgDays = (s: number, n: number): number | null => (n === 0 ? null : Math.round((s / n) * 100) / 100);
const isRevenue = (i: Inv) => i.status !== 'draft' && i.status !== 'cancelled';

export function revenueOf(raw: Raw, from: string, to: string, basis: 'accrual' | 'cash'): { total: number; count: number } {
  const xs =
    basis === 'cash'
      ? raw.inv.filter((i) => i.status === 'paid' && inRange(i.paid_date, from, to))
      : raw.inv.filter((i) => isRevenue(i) && inRange(i.issue_date, from, to));
  return { total: sum(xs.map((i) => i.total)), count: xs.length };
}

export function expensesOf(raw: Raw, from: string, to: string) {
  const xs = raw.exp.filter((e) => inRange(e.date, from, to));
  return {
    total: sum(xs.map((e) => e.amount)),
    count: xs.length,
    reimbursable: sum(xs.filter((e) => e.reimbursable === 1).map((e) => e.amount)),
  };
}

/** An invoice's status on day D: its last history entry (in the order written) dated on or before D. */
function statusOn(raw: Raw, i: Inv, d: string): string | null {
  let s: string | null = null;
  for (const h of raw.hist.get(i.id) ?? []) if (h.day <= d) s = h.status;
  return s;
}

/** Owed on D: issued by D and sent/viewed on D by the history. */
const openOn = (raw: Raw, i: Inv, d: string) => i.issue_date <= d && (statusOn(raw, i, d) === 'sent' || statusOn(raw, i, d) === 'viewed');

/**
 * Balances as of a period end: the end, or today for a period running past today. Changed deliberately with
 * the status history (docs/dashboard.md): the statuses as they were on D, not today's.
 */
const asOfDay = (asOf: string, today: string) => (asOf < today ? asOf : today);

export function outstandingOf(raw: Raw, asOf: string, today: string) {
  const d = asOfDay(asOf, today);
  const xs = raw.inv.filter((i) => openOn(raw, i, d));
  return { total: sum(xs.map((i) => i.total)), count: xs.length };
}

/** The one overdue rule: owed on D and due before D. */
export function overdueOf(raw: Raw, asOf: string, today: string) {
  const d = asOfDay(asOf, today);
  const xs = raw.inv.filter((i) => openOn(raw, i, d) && i.due_date < d);
  return { total: sum(xs.map((i) => i.total)), count: xs.length };
}

export const activeClients = (raw: Raw, asOf: string) => raw.cli.filter((c) => c.active === 1 && c.created_date <= asOf).length;
export const newClients = (raw: Raw, from: string, to: string) => raw.cli.filter((c) => inRange(c.created_date, from, to)).length;

export function quotesOf(raw: Raw, from: string, to: string) {
  const xs = raw.quo.filter((q) => inRange(q.issue_date, from, to));
  return { count: xs.length, converted: xs.filter((q) => q.converted_invoice_id !== null).length };
}

export function paidOf(raw: Raw, from: string, to: string) {
  const xs = raw.inv.filter((i) => i.status === 'paid' && inRange(i.paid_date, from, to));
  return {
    count: xs.length,
    daysToPay: sum(xs.map((i) => days(i.issue_date, i.paid_date!))),
    daysLate: sum(xs.map((i) => Math.max(0, days(i.due_date, i.paid_date!)))),
  };
}

export function categoriesOf(raw: Raw, from: string, to: string) {
  const by = new Map<string, { amount: number; count: number }>();
  for (const e of raw.exp.filter((x) => inRange(x.date, from, to))) {
    const c = by.get(e.category) ?? { amount: 0, count: 0 };
    c.amount += e.amount;
    c.count += 1;
    by.set(e.category, c);
  }
  return [...by.entries()].map(([code, v]) => ({ code, ...v })).sort((a, b) => b.amount - a.amount || (a.code < b.code ? -1 : 1));
}

export function clientRevenueOf(raw: Raw, from: string, to: string) {
  const by = new Map<number, { revenue: number; invoice_count: number }>();
  for (const i of raw.inv.filter((x) => isRevenue(x) && inRange(x.issue_date, from, to))) {
    const c = by.get(i.client_id) ?? { revenue: 0, invoice_count: 0 };
    c.revenue += i.total;
    c.invoice_count += 1;
    by.set(i.client_id, c);
  }
  const name = new Map(raw.cli.map((c) => [c.id, c.name]));
  return [...by.entries()]
    .map(([client_id, v]) => ({ client_id, name: name.get(client_id)!, ...v }))
    .sort((a, b) => b.revenue - a.revenue || a.client_id - b.client_id);
}

export interface OracleClient {
  client_id: number;
  name: string;
  email: string | null;
  active: boolean;
  revenue: number;
  invoice_count: number;
  average_invoice: number | null;
  outstanding: number;
  open_count: number;
  quote_count: number;
  paid_count: number;
  average_days_to_pay: number | null;
  average_days_late: number | null;
  payment_score: number | null;
  risk: 'high' | 'medium' | 'low';
  overdue: number;
  risk_reason: string;
}

/**
 * Risk from behaviour (docs/dashboard.md, changed deliberately from the absolute-amount rule): overdue share of the
 * open balance ≥ 50% with the overdue amount ≥ 10% of the client's billing over the year to the as-of day, or ≥ 30
 * days late on average → high; ≥ 20% and ≥ 5%, or ≥ 10 days late → medium; a share risen by ≥ 20 points since the
 * previous period's end (and ≥ 5% of the billing) → medium; else low.
 */
function riskOf(
  outstanding: number,
  overdue: number,
  prevOutstanding: number,
  prevOverdue: number,
  late: number | null,
  volume: number,
): ['high' | 'medium' | 'low', string] {
  const share = outstanding > 0 ? overdue / outstanding : null;
  const prevShare = prevOutstanding > 0 ? prevOverdue / prevOutstanding : 0;
  const m = overdue === 0 ? 0 : volume > 0 ? overdue / volume : Infinity;
  const p = (x: number) => `${Math.round(x * 100)}%`;
  const why = (s: number) =>
    `${p(s)} of the open balance is overdue (${Number.isFinite(m) ? `${p(m)} of a year's billing` : 'no billing this year'})`;
  if (share !== null && share >= 0.5 && m >= 0.1) return ['high', why(share)];
  if (late !== null && late >= 30) return ['high', `pays ${late} days late on average`];
  if (share !== null && share >= 0.2 && m >= 0.05) return ['medium', why(share)];
  if (late !== null && late >= 10) return ['medium', `pays ${late} days late on average`];
  if (share !== null && share - prevShare >= 0.2 && m >= 0.05) return ['medium', `overdue share rising (${p(prevShare)} → ${p(share)})`];
  if (share === null || share === 0)
    return ['low', late === null ? 'nothing overdue' : `nothing overdue; pays ${late} days late on average`];
  return ['low', `${why(share)}: small against its volume`];
}

export function clientsOf(raw: Raw, from: string, to: string, today: string): OracleClient[] {
  const prevTo = new Date(Date.parse(from) - 86_400_000).toISOString().slice(0, 10);
  const d = asOfDay(to, today);
  const dPrev = asOfDay(prevTo, today);
  return raw.cli.map((c) => {
    const mine = raw.inv.filter((i) => i.client_id === c.id);
    const period = mine.filter((i) => isRevenue(i) && inRange(i.issue_date, from, to));
    const open = mine.filter((i) => openOn(raw, i, d));
    const openPrev = mine.filter((i) => openOn(raw, i, dPrev));
    const overdue = sum(open.filter((i) => i.due_date < d).map((i) => i.total));
    const overduePrev = sum(openPrev.filter((i) => i.due_date < dPrev).map((i) => i.total));
    const paid = mine.filter((i) => i.status === 'paid');
    const late = avgDays(sum(paid.map((i) => Math.max(0, days(i.due_date, i.paid_date!)))), paid.length);
    const score = late === null ? null : Math.max(0, Math.round((100 - 2 * late) * 100) / 100);
    const outstanding = sum(open.map((i) => i.total));
    const yearAgo = new Date(Date.parse(d) - 364 * 86_400_000).toISOString().slice(0, 10);
    const volume = sum(mine.filter((i) => isRevenue(i) && inRange(i.issue_date, yearAgo, d)).map((i) => i.total));
    const [risk, risk_reason] = riskOf(outstanding, overdue, sum(openPrev.map((i) => i.total)), overduePrev, late, volume);
    const revenue = sum(period.map((i) => i.total));
    return {
      client_id: c.id,
      name: c.name,
      email: c.email,
      active: c.active === 1,
      revenue,
      invoice_count: period.length,
      average_invoice: avgMoney(revenue, period.length),
      outstanding,
      open_count: open.length,
      quote_count: raw.quo.filter((q) => q.client_id === c.id).length,
      paid_count: paid.length,
      average_days_to_pay: avgDays(sum(paid.map((i) => days(i.issue_date, i.paid_date!))), paid.length),
      average_days_late: late,
      payment_score: score,
      risk,
      overdue,
      risk_reason,
    };
  });
}

/** Least squares by the textbook closed form over x = 0..n−1. */
export function fitLine(ys: number[]): { slope: number; intercept: number } {
  const n = ys.length;
  const sx = (n * (n - 1)) / 2;
  const sxx = ((n - 1) * n * (2 * n - 1)) / 6;
  const sy = sum(ys);
  const sxy = sum(ys.map((y, x) => x * y));
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { slope, intercept: (sy - slope * sx) / n };
}
