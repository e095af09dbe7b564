/**
 * Each rollup table as a query over raw rows. `kira check` compares them with the stored rollups, the
 * recalculation rebuilds from them, and tests use them as the definition the triggers must match.
 */
import type { Database } from 'better-sqlite3';

// Row-level expressions shared with the partitioned recalculation (workers/partition-compute.ts), which
// aggregates invoices in one pass: one definition of each predicate, whichever path sums it.
export const DAYS_TO_PAY = `CAST(julianday(paid_date) - julianday(issue_date) AS INTEGER)`;
export const DAYS_LATE = `MAX(0, CAST(julianday(paid_date) - julianday(due_date) AS INTEGER))`;
export const IS_REVENUE = `status NOT IN ('draft', 'cancelled')`;
export const IS_OPEN = `status IN ('sent', 'viewed')`;
export const IS_PAID = `status = 'paid'`;
export const REIMBURSABLE_AMOUNT = `amount * reimbursable`;
export const IS_CONVERTED = `converted_invoice_id IS NOT NULL`;

export interface RollupDefinition {
  table: string;
  /** Columns in table order; the key columns come first. */
  columns: readonly string[];
  keyColumns: readonly string[];
  /** SELECT over raw rows returning `columns` for the companies in `:companies` (a JSON array). */
  recompute: string;
}

const IN_COMPANIES = `company_id IN (SELECT value FROM json_each(:companies))`;

export const ROLLUPS: readonly RollupDefinition[] = [
  {
    table: 'expense_daily',
    columns: ['company_id', 'day', 'category', 'amount', 'count', 'reimbursable_amount'],
    keyColumns: ['company_id', 'day', 'category'],
    recompute: `SELECT company_id, date AS day, category, SUM(amount), COUNT(*), SUM(${REIMBURSABLE_AMOUNT})
      FROM expenses WHERE ${IN_COMPANIES} GROUP BY company_id, date, category`,
  },
  {
    table: 'invoice_issued_daily',
    columns: ['company_id', 'day', 'status', 'total', 'count'],
    keyColumns: ['company_id', 'day', 'status'],
    recompute: `SELECT company_id, issue_date, status, SUM(total), COUNT(*)
      FROM invoices WHERE ${IN_COMPANIES} GROUP BY company_id, issue_date, status`,
  },
  {
    table: 'invoice_paid_daily',
    columns: ['company_id', 'day', 'total', 'count', 'days_to_pay_sum', 'days_late_sum'],
    keyColumns: ['company_id', 'day'],
    recompute: `SELECT company_id, paid_date, SUM(total), COUNT(*), SUM(${DAYS_TO_PAY}), SUM(${DAYS_LATE})
      FROM invoices WHERE ${IN_COMPANIES} AND ${IS_PAID} GROUP BY company_id, paid_date`,
  },
  {
    table: 'open_invoice_daily',
    columns: ['company_id', 'issue_day', 'due_day', 'status', 'total', 'count'],
    keyColumns: ['company_id', 'issue_day', 'due_day', 'status'],
    recompute: `SELECT company_id, issue_date, due_date, status, SUM(total), COUNT(*)
      FROM invoices WHERE ${IN_COMPANIES} AND ${IS_OPEN} GROUP BY company_id, issue_date, due_date, status`,
  },
  {
    table: 'client_revenue_daily',
    columns: ['company_id', 'client_id', 'day', 'total', 'count'],
    keyColumns: ['company_id', 'client_id', 'day'],
    recompute: `SELECT company_id, client_id, issue_date, SUM(total), COUNT(*)
      FROM invoices WHERE ${IN_COMPANIES} AND ${IS_REVENUE} GROUP BY company_id, client_id, issue_date`,
  },
  {
    table: 'client_revenue_monthly',
    columns: ['company_id', 'month', 'client_id', 'total', 'count'],
    keyColumns: ['company_id', 'month', 'client_id'],
    recompute: `SELECT company_id, substr(issue_date, 1, 7), client_id, SUM(total), COUNT(*)
      FROM invoices WHERE ${IN_COMPANIES} AND ${IS_REVENUE} GROUP BY company_id, substr(issue_date, 1, 7), client_id`,
  },
  {
    table: 'client_totals',
    columns: [
      'company_id',
      'client_id',
      'invoice_count',
      'revenue',
      'revenue_count',
      'outstanding',
      'open_count',
      'paid_count',
      'days_to_pay_sum',
      'days_late_sum',
      'quote_count',
    ],
    keyColumns: ['company_id', 'client_id'],
    recompute: `SELECT c.company_id, c.id,
        COALESCE(i.invoice_count, 0), COALESCE(i.revenue, 0), COALESCE(i.revenue_count, 0), COALESCE(i.outstanding, 0),
        COALESCE(i.open_count, 0), COALESCE(i.paid_count, 0), COALESCE(i.days_to_pay_sum, 0), COALESCE(i.days_late_sum, 0),
        COALESCE(q.quote_count, 0)
      FROM clients c
      LEFT JOIN (
        SELECT client_id, COUNT(*) AS invoice_count,
          SUM(CASE WHEN ${IS_REVENUE} THEN total ELSE 0 END) AS revenue,
          SUM(${IS_REVENUE}) AS revenue_count,
          SUM(CASE WHEN ${IS_OPEN} THEN total ELSE 0 END) AS outstanding,
          SUM(${IS_OPEN}) AS open_count,
          SUM(${IS_PAID}) AS paid_count,
          SUM(CASE WHEN ${IS_PAID} THEN ${DAYS_TO_PAY} ELSE 0 END) AS days_to_pay_sum,
          SUM(CASE WHEN ${IS_PAID} THEN ${DAYS_LATE} ELSE 0 END) AS days_late_sum
        FROM invoices WHERE ${IN_COMPANIES} GROUP BY client_id
      ) i ON i.client_id = c.id
      LEFT JOIN (SELECT client_id, COUNT(*) AS quote_count FROM quotes WHERE ${IN_COMPANIES} GROUP BY client_id) q ON q.client_id = c.id
      WHERE c.${IN_COMPANIES}`,
  },
  {
    table: 'client_created_daily',
    columns: ['company_id', 'day', 'active', 'count'],
    keyColumns: ['company_id', 'day', 'active'],
    recompute: `SELECT company_id, created_date, active, COUNT(*) FROM clients WHERE ${IN_COMPANIES}
      GROUP BY company_id, created_date, active`,
  },
  {
    table: 'quote_daily',
    columns: ['company_id', 'day', 'count', 'converted_count'],
    keyColumns: ['company_id', 'day'],
    recompute: `SELECT company_id, issue_date, COUNT(*), SUM(${IS_CONVERTED}) FROM quotes WHERE ${IN_COMPANIES}
      GROUP BY company_id, issue_date`,
  },
];

/**
 * Rollups of the invoice status history (migration 006). Kept apart from `ROLLUPS` because the worker
 * recalculation (workers/) swaps exactly the `ROLLUPS` tables; this one is kept by triggers on the history and
 * the invoices, and `kira check` / `rebuildRollups` cover it like the others.
 */
const HISTORY_ROLLUPS: readonly RollupDefinition[] = [
  {
    table: 'invoice_open_span',
    columns: ['invoice_id', 'company_id', 'client_id', 'open_day', 'close_day', 'due_day', 'total'],
    keyColumns: ['invoice_id'],
    recompute: `SELECT i.id, i.company_id, i.client_id, MAX(i.issue_date, o.day), MAX(i.issue_date, o.day, COALESCE(c.day, '9999-12-31')), i.due_date, i.total
      FROM invoices i
      JOIN (SELECT invoice_id, MIN(day) AS day FROM invoice_status_history WHERE ${IN_COMPANIES} AND status IN ('sent', 'viewed') GROUP BY invoice_id) o ON o.invoice_id = i.id
      LEFT JOIN (SELECT invoice_id, MIN(day) AS day FROM invoice_status_history WHERE ${IN_COMPANIES} AND status IN ('paid', 'cancelled') GROUP BY invoice_id) c ON c.invoice_id = i.id
      WHERE i.${IN_COMPANIES}`,
  },
];

const ALL_ROLLUPS: readonly RollupDefinition[] = [...ROLLUPS, ...HISTORY_ROLLUPS];

export interface RollupMismatch {
  table: string;
  /** The key of the differing row. */
  key: Record<string, unknown>;
  stored: Record<string, unknown> | null;
  expected: Record<string, unknown> | null;
}

function allCompanyIds(db: Database): number[] {
  return db.prepare('SELECT id FROM companies ORDER BY id').pluck().all() as number[];
}

/** Compare every stored rollup with its recomputation; an empty list means they agree exactly. */
export function compareRollups(db: Database, companyIds: readonly number[] = allCompanyIds(db), limit = 100): RollupMismatch[] {
  const companies = JSON.stringify(companyIds);
  const mismatches: RollupMismatch[] = [];
  for (const r of ALL_ROLLUPS) {
    const cols = r.columns.join(', ');
    const stored = `SELECT ${cols} FROM ${r.table} WHERE ${IN_COMPANIES}`;
    const expected = `SELECT * FROM (${r.recompute})`;
    // Rows present on one side only (or differing in a value) show up in one of the two EXCEPTs.
    const onlyStored = db.prepare(`${stored} EXCEPT ${expected} LIMIT ${limit}`).raw().all({ companies }) as unknown[][];
    const onlyExpected = db.prepare(`${expected} EXCEPT ${stored} LIMIT ${limit}`).raw().all({ companies }) as unknown[][];
    const toObj = (row: unknown[]) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]]));
    const keyOf = (row: unknown[]) => Object.fromEntries(r.keyColumns.map((c, i) => [c, row[i]]));
    const byKey = new Map<string, RollupMismatch>();
    for (const row of onlyStored) {
      const key = keyOf(row);
      byKey.set(JSON.stringify(key), { table: r.table, key, stored: toObj(row), expected: null });
    }
    for (const row of onlyExpected) {
      const key = keyOf(row);
      const k = JSON.stringify(key);
      const m = byKey.get(k);
      if (m) m.expected = toObj(row);
      else byKey.set(k, { table: r.table, key, stored: null, expected: toObj(row) });
    }
    mismatches.push(...byKey.values());
    if (mismatches.length >= limit) break;
  }
  return mismatches.slice(0, limit);
}

/**
 * Rebuild every rollup of the given companies from raw rows in one transaction (the single-threaded path;
 * the worker-pool recalculation, pool/recalculate.ts, computes partitions in parallel and swaps them in).
 */
export function rebuildRollups(db: Database, companyIds: readonly number[] = allCompanyIds(db)): void {
  const companies = JSON.stringify(companyIds);
  db.transaction(() => {
    for (const r of ALL_ROLLUPS) {
      db.prepare(`DELETE FROM ${r.table} WHERE ${IN_COMPANIES}`).run({ companies });
      db.prepare(`INSERT INTO ${r.table} (${r.columns.join(', ')}) ${r.recompute}`).run({ companies });
    }
  })();
}
