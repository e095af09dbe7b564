/**
 * Computing one partition of a recalculation: the rollup rows its raw rows contribute, plus control totals
 * (control-totals.ts) read from the same raw rows in the same snapshot. Runs in a worker on its read-only
 * connection, or on the main thread for partitions recomputed under the write lock. Never on the writer.
 *
 * The whole-company `ROLLUPS` queries of `store/rollups.ts` stay the definition (`kira check`,
 * `rebuildRollups`, tests, `verify: 'full'`). Clients and quotes (small) run them unchanged, through TEMP
 * views named like the raw tables that shadow them (SQLite resolves `temp` before `main`). The two big tables
 * are arranged differently, from the profile of 1M expenses + 100k invoices:
 * - expense_daily's `GROUP BY date, category` walks the (company_id, date) index in date order but still
 *   sorts every row by category in one big temp B-tree (~75% of the query). Grouping one day at a time sorts
 *   ~1,000 rows per statement, in cache: about half the time, rows already in key order.
 * - invoices feed six rollups; six queries meant six index walks with a table lookup per row and six sorts.
 *   One ordered pass summed here is cheaper (computeInvoices), using the row-level snippets of `ROLLUPS`.
 * - Handing a row to JavaScript costs ~2-5 µs (values, strings, garbage), more than SQLite takes to sum it,
 *   so expense rows and rollup rows from SQLite never become JS objects: they come out as JSON text, cross
 *   the thread boundary as one string and go into the swap's INSERT … FROM json_each as one value.
 */
import type { Database } from 'better-sqlite3';
import { DAYS_LATE, DAYS_TO_PAY, IS_CONVERTED, IS_OPEN, IS_PAID, IS_REVENUE, REIMBURSABLE_AMOUNT, ROLLUPS } from '../store/rollups.js';
import type { ControlTotals, PartitionResult, PartitionTask, SourceTable } from './task-types.js';

// client_totals here: every client's row with its quote count (invoice scope empty); invoice slices add theirs.
const PEOPLE_TABLES = ['client_totals', 'client_created_daily', 'quote_daily'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateLiteral(d: string): string {
  // Views cannot take bound parameters; dates are validated so the literal cannot carry SQL.
  if (!ISO_DATE.test(d)) throw new Error(`Invalid partition boundary: ${d}`);
  return `'${d}'`;
}

/** `company_id = n [AND col >= 'from'] [AND col < 'to']`; unbounded sides left out so the index range stays. */
function sliceFilter(task: PartitionTask, col: string): string {
  const parts = [`company_id = ${Math.trunc(task.companyId)}`];
  if (task.from !== null) parts.push(`${col} >= ${dateLiteral(task.from)}`);
  if (task.to !== null) parts.push(`${col} < ${dateLiteral(task.to)}`);
  return parts.join(' AND ');
}

/** A query's rows as one JSON array of arrays, built inside SQLite. */
function jsonRows(db: Database, sql: string, columns: number, params: Record<string, unknown> = {}): string {
  const cols = Array.from({ length: columns }, (_, i) => `c${i}`).join(', ');
  return db.prepare(`WITH r(${cols}) AS (${sql}) SELECT json_group_array(json_array(${cols})) FROM r`).pluck().get(params) as string;
}

function rollup(table: string): { sql: string; columns: number } {
  const def = ROLLUPS.find((r) => r.table === table);
  if (!def) throw new Error(`Unknown rollup table: ${table}`);
  return { sql: def.recompute, columns: def.columns.length };
}

function computeExpenses(db: Database, task: PartitionTask): Pick<PartitionResult, 'rows' | 'control'> {
  const where = sliceFilter(task, 'date');
  // Distinct days: a skip over the covering index, no table reads.
  const days = db.prepare(`SELECT DISTINCT date FROM expenses WHERE ${where} ORDER BY date`).pluck().all() as string[];
  const perDay = db
    // The key values as stored (bare columns: constant within each group), not the bound parameters.
    .prepare(
      `SELECT group_concat(json_array(co, d, category, a, n, r)) FROM (
        SELECT company_id AS co, date AS d, category, SUM(amount) AS a, COUNT(*) AS n, SUM(${REIMBURSABLE_AMOUNT}) AS r FROM expenses
        WHERE company_id = :co AND date = :day GROUP BY category ORDER BY category)`,
    )
    .pluck();
  const parts: string[] = [];
  for (const day of days) {
    const part = perDay.get({ co: task.companyId, day }) as string | null;
    if (part) parts.push(part);
  }
  // Control totals: a plain filtered sum over the slice, no grouping: a second walk, but sort-free (~15% of
  // the grouping), and independent of it.
  const [count, amount, reimbursable] = db
    .prepare(`SELECT COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(${REIMBURSABLE_AMOUNT}), 0) FROM expenses WHERE ${where}`)
    .raw()
    .get() as [number, number, number];
  return {
    rows: { expense_daily: `[${parts.join(',')}]` },
    control: { 'expenses.count': count, 'expenses.amount': amount, 'expenses.reimbursable_amount': reimbursable },
  };
}

/** Run `fn` with TEMP views shadowing the raw tables, each limited to `filters[table]` (absent: no rows). */
function withScope<T>(db: Database, filters: Partial<Record<SourceTable, string>>, fn: () => T): T {
  const tables: SourceTable[] = ['expenses', 'invoices', 'clients', 'quotes'];
  try {
    for (const t of tables) db.exec(`CREATE TEMP VIEW ${t} AS SELECT * FROM main.${t} WHERE ${filters[t] ?? '0'}`);
    return fn();
  } finally {
    for (const t of tables) db.exec(`DROP VIEW IF EXISTS temp.${t}`);
  }
}

function add(totals: ControlTotals, key: string, value: number): void {
  totals[key] = (totals[key] ?? 0) + value;
}

/** `[total, count]` of a key, created on first use (summed in place: no array per raw row). */
function pair<K>(map: Map<K, number[]>, key: K): number[] {
  let v = map.get(key);
  if (!v) map.set(key, (v = [0, 0]));
  return v;
}

// Control-total slots for invoices, named when the partition is done.
const INVOICE_CONTROLS = [
  'count',
  'total',
  'revenue.count',
  'revenue.total',
  'open.count',
  'open.total',
  'paid.count',
  'paid.total',
  'paid.days_to_pay',
  'paid.days_late',
] as const;

function accumulate(acc: number[], total: number, revenue: number, open: number, paid: number, dtp: number, late: number): void {
  acc[0] = (acc[0] ?? 0) + 1;
  acc[1] = (acc[1] ?? 0) + total;
  if (revenue) {
    acc[2] = (acc[2] ?? 0) + 1;
    acc[3] = (acc[3] ?? 0) + total;
  }
  if (open) {
    acc[4] = (acc[4] ?? 0) + 1;
    acc[5] = (acc[5] ?? 0) + total;
  }
  if (paid) {
    acc[6] = (acc[6] ?? 0) + 1;
    acc[7] = (acc[7] ?? 0) + total;
    acc[8] = (acc[8] ?? 0) + dtp;
    acc[9] = (acc[9] ?? 0) + late;
  }
}

type InvoiceRow = [
  clientId: number,
  status: string,
  issue: string,
  due: string | null,
  paid: string | null,
  total: number,
  revenue: number,
  open: number,
  isPaid: number,
  daysToPay: number | null,
  daysLate: number | null,
];

const sortStrings = (keys: Iterable<string>) => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const sortNumbers = (keys: Iterable<number>) => [...keys].sort((a, b) => a - b);

/**
 * The six invoice rollups in one ordered pass. Running the six `ROLLUPS` queries over the slice cost more
 * than the whole expense slice: six index walks with a table lookup per row, six sorts (client_totals and
 * client_revenue_monthly by client). Here SQLite evaluates the row-level expressions with the very snippets
 * `ROLLUPS` uses (revenue/open/paid, days to pay, days late) and hands over only what the sums need; rows are
 * streamed (`iterate`), since holding 100k arrays at once mostly fed the garbage collector.
 */
function computeInvoices(db: Database, task: PartitionTask): Pick<PartitionResult, 'rows' | 'control'> {
  const co = task.companyId;
  // client_totals only has rows for the company's own clients (ROLLUPS joins clients).
  const ownClients = new Set(db.prepare('SELECT id FROM clients WHERE company_id = ?').pluck().all(co) as number[]);
  const scan = db
    .prepare(
      `SELECT client_id, status, issue_date, CASE WHEN ${IS_OPEN} THEN due_date END, paid_date, total,
        ${IS_REVENUE}, ${IS_OPEN}, ${IS_PAID},
        CASE WHEN ${IS_PAID} THEN ${DAYS_TO_PAY} END, CASE WHEN ${IS_PAID} THEN ${DAYS_LATE} END
      FROM invoices WHERE ${sliceFilter(task, 'issue_date')} ORDER BY issue_date`,
    )
    .raw();

  const issued: unknown[][] = [];
  const openRows: unknown[][] = [];
  const revenueDaily: unknown[][] = [];
  const paid = new Map<string, number[]>(); // paid day → [total, count, days to pay, days late]
  const monthly = new Map<string, Map<number, number[]>>(); // month → client → [total, count]
  const clientTotals = new Map<number, number[]>();
  const all = INVOICE_CONTROLS.map(() => 0);
  const own = INVOICE_CONTROLS.map(() => 0);
  const byStatus = new Map<string, number[]>();

  // Rows arrive grouped by issue day (index order); each day's groups are flushed in key order.
  let day: string | null = null;
  const dayIssued = new Map<string, number[]>();
  const dayOpen = new Map<string, Map<string, number[]>>();
  const dayClients = new Map<number, number[]>();
  const flush = () => {
    if (day === null) return;
    for (const s of sortStrings(dayIssued.keys())) issued.push([co, day, s, ...(dayIssued.get(s) ?? [])]);
    for (const due of sortStrings(dayOpen.keys())) {
      const statuses = dayOpen.get(due) ?? new Map<string, number[]>();
      for (const s of sortStrings(statuses.keys())) openRows.push([co, day, due, s, ...(statuses.get(s) ?? [])]);
    }
    // substr(issue_date, 1, 7) of ROLLUPS: ISO dates are ASCII, so slice is the same.
    const month = day.slice(0, 7);
    let byClient = monthly.get(month);
    if (!byClient) monthly.set(month, (byClient = new Map()));
    for (const c of sortNumbers(dayClients.keys())) {
      const [total = 0, count = 0] = dayClients.get(c) ?? [];
      revenueDaily.push([co, c, day, total, count]);
      const m = pair(byClient, c);
      m[0] = (m[0] ?? 0) + total;
      m[1] = (m[1] ?? 0) + count;
    }
    dayIssued.clear();
    dayOpen.clear();
    dayClients.clear();
  };

  for (const row of scan.iterate() as IterableIterator<InvoiceRow>) {
    const [clientId, status, issue, due, paidDate, total, revenue, open, isPaid, daysToPay, daysLate] = row;
    if (issue !== day) {
      flush();
      day = issue;
    }
    const dtp = daysToPay ?? 0;
    const late = daysLate ?? 0;
    let v = pair(dayIssued, status);
    v[0] = (v[0] ?? 0) + total;
    v[1] = (v[1] ?? 0) + 1;
    if (open && due !== null) {
      let byDue = dayOpen.get(due);
      if (!byDue) dayOpen.set(due, (byDue = new Map()));
      v = pair(byDue, status);
      v[0] = (v[0] ?? 0) + total;
      v[1] = (v[1] ?? 0) + 1;
    }
    if (revenue) {
      v = pair(dayClients, clientId);
      v[0] = (v[0] ?? 0) + total;
      v[1] = (v[1] ?? 0) + 1;
    }
    if (isPaid && paidDate !== null) {
      let p = paid.get(paidDate);
      if (!p) paid.set(paidDate, (p = [0, 0, 0, 0]));
      p[0] = (p[0] ?? 0) + total;
      p[1] = (p[1] ?? 0) + 1;
      p[2] = (p[2] ?? 0) + dtp;
      p[3] = (p[3] ?? 0) + late;
    }
    // Control totals: apart from the grouping above (what each rollup's sums must come to).
    accumulate(all, total, revenue, open, isPaid, dtp, late);
    v = pair(byStatus, status);
    v[0] = (v[0] ?? 0) + total;
    v[1] = (v[1] ?? 0) + 1;
    if (ownClients.has(clientId)) {
      accumulate(own, total, revenue, open, isPaid, dtp, late);
      // invoice_count, revenue, revenue_count, outstanding, open_count, paid_count, days to pay, days late
      let t = clientTotals.get(clientId);
      if (!t) clientTotals.set(clientId, (t = [0, 0, 0, 0, 0, 0, 0, 0]));
      t[0] = (t[0] ?? 0) + 1;
      if (revenue) {
        t[1] = (t[1] ?? 0) + total;
        t[2] = (t[2] ?? 0) + 1;
      }
      if (open) {
        t[3] = (t[3] ?? 0) + total;
        t[4] = (t[4] ?? 0) + 1;
      }
      if (isPaid) {
        t[5] = (t[5] ?? 0) + 1;
        t[6] = (t[6] ?? 0) + dtp;
        t[7] = (t[7] ?? 0) + late;
      }
    }
  }
  flush();

  const control: ControlTotals = {};
  INVOICE_CONTROLS.forEach((name, i) => {
    control[`invoices.${name}`] = all[i] ?? 0;
    control[`client_invoices.${name}`] = own[i] ?? 0;
  });
  for (const [s, [total = 0, count = 0]] of byStatus) {
    control[`invoices.status.${s}.count`] = count;
    control[`invoices.status.${s}.total`] = total;
  }
  const monthlyRows: unknown[][] = [];
  for (const m of sortStrings(monthly.keys())) {
    const byClient = monthly.get(m) ?? new Map<number, number[]>();
    for (const c of sortNumbers(byClient.keys())) monthlyRows.push([co, m, c, ...(byClient.get(c) ?? [])]);
  }
  return {
    rows: {
      invoice_issued_daily: JSON.stringify(issued),
      invoice_paid_daily: JSON.stringify(sortStrings(paid.keys()).map((d) => [co, d, ...(paid.get(d) ?? [])])),
      open_invoice_daily: JSON.stringify(openRows),
      client_revenue_daily: JSON.stringify(revenueDaily),
      client_revenue_monthly: JSON.stringify(monthlyRows),
      client_totals: JSON.stringify(sortNumbers(clientTotals.keys()).map((c) => [co, c, ...(clientTotals.get(c) ?? []), 0])),
    },
    control,
  };
}

function computePeople(db: Database, task: PartitionTask): Pick<PartitionResult, 'rows' | 'control'> {
  const company = `company_id = ${Math.trunc(task.companyId)}`;
  const companies = JSON.stringify([task.companyId]);
  return withScope(db, { clients: company, quotes: company }, () => {
    const rows: Record<string, string> = {};
    for (const table of PEOPLE_TABLES) {
      const { sql, columns } = rollup(table);
      rows[table] = jsonRows(db, sql, columns, { companies });
    }
    const control: ControlTotals = {};
    for (const [active, count] of db.prepare('SELECT active, COUNT(*) FROM clients GROUP BY active').raw().all() as [number, number][]) {
      add(control, 'clients.count', count);
      add(control, `clients.active.${active}.count`, count);
    }
    const [quotes, converted, ownQuotes] = db
      .prepare(`SELECT COUNT(*), COALESCE(SUM(${IS_CONVERTED}), 0), COALESCE(SUM(client_id IN (SELECT id FROM clients)), 0) FROM quotes`)
      .raw()
      .get() as [number, number, number];
    Object.assign(control, { 'quotes.count': quotes, 'quotes.converted': converted, 'client_quotes.count': ownQuotes });
    return { rows, control };
  });
}

/** Compute one partition in one read transaction (one snapshot for its rollup rows and control totals). */
export function computePartition(db: Database, task: PartitionTask): PartitionResult {
  const started = performance.now();
  db.exec('BEGIN');
  try {
    const r =
      task.kind === 'expenses' ? computeExpenses(db, task) : task.kind === 'invoices' ? computeInvoices(db, task) : computePeople(db, task);
    return { kind: task.kind, ...r, ms: performance.now() - started };
  } finally {
    db.exec('COMMIT');
  }
}
