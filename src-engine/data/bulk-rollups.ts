/**
 * Bulk mode for the big writers (demo, import): raw rows go in with the per-row rollup INSERT triggers out of the
 * way, and each rollup is then brought up to date by one set-based statement over the new rows.
 *
 * Why drop and recreate the triggers: SQLite has no per-statement switch (better-sqlite3 does not expose
 * SQLITE_DBCONFIG_ENABLE_TRIGGER), and `INSERT … SELECT` from a staging table still fires every row trigger.
 * DDL is transactional in SQLite, so inside the writer's IMMEDIATE transaction the triggers are dropped, the rows
 * inserted, the rollups updated and the triggers recreated from their own stored text. No other connection can
 * write (we hold the write lock) or see the gap (readers see the last commit), and a rollback, a crash or a
 * power cut restores them with everything else. Rollups stay exact: the statements below add the same amounts
 * the triggers would have added, row for row, for exactly the rows with an id above the one noted at the start.
 *
 * The statements repeat the trigger logic of migrations 001 and 004; `compareRollups` after the bulk paths is
 * what keeps them honest (test/data). If the triggers on a table are not exactly the ones known here (a later
 * migration added or renamed one), the table keeps its triggers and the rows take the per-row path: slower, never wrong.
 */
import type { Database } from 'better-sqlite3';

export type BulkTable = 'expenses' | 'invoices' | 'quotes';

/** The INSERT triggers whose work `ROLLUP_SQL` does in bulk. */
const INSERT_TRIGGERS: Record<BulkTable, readonly string[]> = {
  expenses: ['expenses_rollup_insert'],
  invoices: ['invoices_rollup_insert', 'invoices_client_monthly_insert', 'invoices_history_insert'],
  quotes: ['quotes_rollup_insert'],
};

/**
 * Triggers on other tables that the bulk statements also stand in for: the history entries written in bulk
 * would each refresh their invoice's span row; one grouped statement writes the spans instead (migration 006).
 */
const COMPANION_TRIGGERS: Record<BulkTable, readonly string[]> = {
  expenses: [],
  invoices: ['invoice_history_span_insert'],
  quotes: [],
};

const DAYS_TO_PAY = 'CAST(julianday(paid_date) - julianday(issue_date) AS INTEGER)';
const DAYS_LATE = 'MAX(0, CAST(julianday(paid_date) - julianday(due_date) AS INTEGER))';
const REVENUE = "status NOT IN ('draft', 'cancelled')";
const OPEN = "status IN ('sent', 'viewed')";
const PAID = "status = 'paid'";

/**
 * One statement per rollup the table feeds, over the rows with `id > :from` (`WHERE` also settles the upsert parse).
 * NOT INDEXED keeps the planner on the rowid range: it would otherwise scan a whole (company, date) index for its order.
 */
const ROLLUP_SQL: Record<BulkTable, readonly string[]> = {
  expenses: [
    `INSERT INTO expense_daily (company_id, day, category, amount, count, reimbursable_amount)
     SELECT company_id, date, category, SUM(amount), COUNT(*), SUM(amount * reimbursable) FROM expenses NOT INDEXED WHERE id > :from
     GROUP BY company_id, date, category
     ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, count = count + excluded.count,
       reimbursable_amount = reimbursable_amount + excluded.reimbursable_amount`,
  ],
  invoices: [
    `INSERT INTO invoice_issued_daily (company_id, day, status, total, count)
     SELECT company_id, issue_date, status, SUM(total), COUNT(*) FROM invoices NOT INDEXED WHERE id > :from GROUP BY company_id, issue_date, status
     ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + excluded.count`,
    `INSERT INTO invoice_paid_daily (company_id, day, total, count, days_to_pay_sum, days_late_sum)
     SELECT company_id, paid_date, SUM(total), COUNT(*), SUM(${DAYS_TO_PAY}), SUM(${DAYS_LATE})
     FROM invoices NOT INDEXED WHERE id > :from AND ${PAID} GROUP BY company_id, paid_date
     ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + excluded.count,
       days_to_pay_sum = days_to_pay_sum + excluded.days_to_pay_sum, days_late_sum = days_late_sum + excluded.days_late_sum`,
    `INSERT INTO open_invoice_daily (company_id, issue_day, due_day, status, total, count)
     SELECT company_id, issue_date, due_date, status, SUM(total), COUNT(*) FROM invoices NOT INDEXED WHERE id > :from AND ${OPEN}
     GROUP BY company_id, issue_date, due_date, status
     ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + excluded.count`,
    `INSERT INTO client_revenue_daily (company_id, client_id, day, total, count)
     SELECT company_id, client_id, issue_date, SUM(total), COUNT(*) FROM invoices NOT INDEXED WHERE id > :from AND ${REVENUE}
     GROUP BY company_id, client_id, issue_date
     ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + excluded.count`,
    `INSERT INTO client_revenue_monthly (company_id, month, client_id, total, count)
     SELECT company_id, substr(issue_date, 1, 7), client_id, SUM(total), COUNT(*) FROM invoices NOT INDEXED WHERE id > :from AND ${REVENUE}
     GROUP BY company_id, substr(issue_date, 1, 7), client_id
     ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + excluded.count`,
    // Status history as the invoices_history_insert trigger writes it, then each new invoice's open span
    // (history of a new row: its status on the issue date, a paid one sent then paid), as the span trigger would.
    // In the trigger's order (per invoice: its first entry, then paid), so entry ids match the per-row path.
    `INSERT INTO invoice_status_history (company_id, invoice_id, status, day)
     SELECT company_id, id, status, day FROM (
       SELECT company_id, id, CASE status WHEN 'paid' THEN 'sent' ELSE status END AS status, issue_date AS day, 0 AS k
       FROM invoices NOT INDEXED WHERE id > :from
       UNION ALL
       SELECT company_id, id, 'paid', MAX(paid_date, issue_date), 1 FROM invoices NOT INDEXED WHERE id > :from AND ${PAID})
     ORDER BY id, k`,
    `INSERT INTO invoice_open_span (invoice_id, company_id, client_id, open_day, close_day, due_day, total)
     SELECT id, company_id, client_id, issue_date, CASE WHEN ${PAID} THEN MAX(paid_date, issue_date) ELSE '9999-12-31' END, due_date, total
     FROM invoices NOT INDEXED WHERE id > :from AND status IN ('sent', 'viewed', 'paid')`,
    // client_totals rows exist from their client's insert trigger (still active), so this is an UPDATE as in the trigger.
    `UPDATE client_totals SET
       invoice_count = client_totals.invoice_count + d.invoice_count, revenue = client_totals.revenue + d.revenue, revenue_count = client_totals.revenue_count + d.revenue_count,
       outstanding = client_totals.outstanding + d.outstanding, open_count = client_totals.open_count + d.open_count, paid_count = client_totals.paid_count + d.paid_count,
       days_to_pay_sum = client_totals.days_to_pay_sum + d.days_to_pay_sum, days_late_sum = client_totals.days_late_sum + d.days_late_sum
     FROM (SELECT company_id, client_id, COUNT(*) AS invoice_count,
             SUM(CASE WHEN ${REVENUE} THEN total ELSE 0 END) AS revenue, SUM(${REVENUE}) AS revenue_count,
             SUM(CASE WHEN ${OPEN} THEN total ELSE 0 END) AS outstanding, SUM(${OPEN}) AS open_count, SUM(${PAID}) AS paid_count,
             SUM(CASE WHEN ${PAID} THEN ${DAYS_TO_PAY} ELSE 0 END) AS days_to_pay_sum,
             SUM(CASE WHEN ${PAID} THEN ${DAYS_LATE} ELSE 0 END) AS days_late_sum
           FROM invoices NOT INDEXED WHERE id > :from GROUP BY company_id, client_id) AS d
     WHERE client_totals.company_id = d.company_id AND client_totals.client_id = d.client_id`,
  ],
  quotes: [
    `INSERT INTO quote_daily (company_id, day, count, converted_count)
     SELECT company_id, issue_date, COUNT(*), SUM(converted_invoice_id IS NOT NULL) FROM quotes NOT INDEXED WHERE id > :from
     GROUP BY company_id, issue_date
     ON CONFLICT DO UPDATE SET count = count + excluded.count, converted_count = converted_count + excluded.converted_count`,
    `UPDATE client_totals SET quote_count = client_totals.quote_count + d.n
     FROM (SELECT company_id, client_id, COUNT(*) AS n FROM quotes NOT INDEXED WHERE id > :from GROUP BY company_id, client_id) AS d
     WHERE client_totals.company_id = d.company_id AND client_totals.client_id = d.client_id`,
  ],
};

/**
 * expense_daily deltas summed in JS as rows are produced (a map lookup per row is far cheaper than SQLite
 * sorting the new rows to group them). Given to `finish`, they replace the grouped statement over the new
 * expenses; `finish` checks they count exactly the rows inserted and otherwise falls back to that statement.
 */
export class ExpenseDailyDeltas {
  private readonly sums = new Map<
    string,
    { companyId: number; day: string; category: string; amount: number; count: number; reimbursable: number }
  >();
  rows = 0;

  add(companyId: number, day: string, category: string, amount: number, reimbursable: boolean): void {
    const key = `${companyId}|${day}|${category}`;
    let s = this.sums.get(key);
    if (!s) this.sums.set(key, (s = { companyId, day, category, amount: 0, count: 0, reimbursable: 0 }));
    s.amount += amount;
    s.count++;
    if (reimbursable) s.reimbursable += amount;
    this.rows++;
  }

  /** Every day the rows fall on, sorted. */
  days(): string[] {
    return [...new Set([...this.sums.values()].map((s) => s.day))].sort();
  }

  clear(): void {
    this.sums.clear();
    this.rows = 0;
  }

  apply(db: Database): void {
    const upsert = db.prepare(
      `INSERT INTO expense_daily (company_id, day, category, amount, count, reimbursable_amount) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, count = count + excluded.count,
         reimbursable_amount = reimbursable_amount + excluded.reimbursable_amount`,
    );
    for (const s of this.sums.values()) upsert.run(s.companyId, s.day, s.category, s.amount, s.count, s.reimbursable);
  }
}

interface Dropped {
  table: BulkTable;
  from: number;
  triggers: { name: string; sql: string }[];
}

/** Highest id in a table (new rows get ids above it), 0 when empty. */
export function maxId(db: Database, table: BulkTable): number {
  return Number(db.prepare(`SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get());
}

/**
 * An open bulk section of the current transaction. `begin` drops the known INSERT triggers of `tables` (when they
 * are exactly the known ones); `finish` applies the rollups of the rows inserted since and recreates the triggers.
 * Must run inside a write transaction; if anything throws in between, roll the transaction back (that restores
 * the triggers) — or call `restore()` first if the caller might still commit.
 */
export class BulkRollups {
  private dropped: Dropped[] = [];

  private constructor(private readonly db: Database) {}

  static begin(db: Database, tables: readonly BulkTable[]): BulkRollups {
    if (!db.inTransaction) throw new Error('bulk rollups need an open write transaction');
    const bulk = new BulkRollups(db);
    const listTriggers = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?");
    for (const table of tables) {
      const onInsert = (listTriggers.all(table) as { name: string; sql: string }[]).filter((t) => /\bINSERT\s+ON\b/i.test(t.sql));
      const known = INSERT_TRIGGERS[table];
      const exact = onInsert.length === known.length && onInsert.every((t) => known.includes(t.name));
      if (!exact) continue; // an unknown trigger: leave the table on the per-row path
      const companions = COMPANION_TRIGGERS[table].map(
        (name) =>
          db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").get(name) as
            { name: string; sql: string } | undefined,
      );
      if (companions.some((t) => t === undefined)) continue;
      const triggers = [...onInsert, ...(companions as { name: string; sql: string }[])];
      for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
      bulk.dropped.push({ table, from: maxId(db, table), triggers });
    }
    return bulk;
  }

  /** Whether `table`'s rollups are being kept by this bulk section (false: its triggers are still on). */
  covers(table: BulkTable): boolean {
    return this.dropped.some((d) => d.table === table);
  }

  /**
   * Bring the rollups up to date for the rows inserted since `begin`, then put the triggers back. `expenseDaily`,
   * when given, holds the expense_daily sums of exactly those expense rows (checked by their count).
   */
  finish(expenseDaily?: ExpenseDailyDeltas): void {
    try {
      for (const d of this.dropped) {
        let statements = ROLLUP_SQL[d.table];
        if (d.table === 'expenses' && expenseDaily) {
          const inserted = this.db.prepare('SELECT COUNT(*) FROM expenses NOT INDEXED WHERE id > ?').pluck().get(d.from) as number;
          if (inserted === expenseDaily.rows) {
            expenseDaily.apply(this.db);
            statements = [];
          }
        }
        for (const sql of statements) this.db.prepare(sql).run({ from: d.from });
      }
    } finally {
      this.restore();
    }
  }

  /** Recreate the dropped triggers without touching the rollups (after a failure, before a rollback). */
  restore(): void {
    const dropped = this.dropped;
    this.dropped = [];
    if (!this.db.open || !this.db.inTransaction) return; // rolled back already: the triggers are back
    for (const d of dropped) for (const t of d.triggers) this.db.exec(t.sql);
  }
}
