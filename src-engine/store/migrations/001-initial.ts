/**
 * Schema v1. Money columns are integer minor units; dates are ISO YYYY-MM-DD text in the company's time
 * zone. Rollup tables are kept by triggers, inside the same transaction as the write that changes a raw
 * row, so a reader can never see raw rows and rollups disagree; every writer (API, import, demo) gets them
 * without remembering to. Each trigger is built from one "add this row" and one "remove this row" fragment
 * per rollup, so an update is exactly remove(old) + add(new).
 */
import type { Migration } from '../migrate.js';

type Ref = 'new' | 'old';

interface RollupRule {
  table: string;
  /** Which raw table's rows contribute. */
  source: 'expenses' | 'invoices' | 'clients' | 'quotes';
  add(r: Ref): string;
  remove(r: Ref): string;
}

const daysToPay = (r: Ref) => `CAST(julianday(${r}.paid_date) - julianday(${r}.issue_date) AS INTEGER)`;
const daysLate = (r: Ref) => `MAX(0, CAST(julianday(${r}.paid_date) - julianday(${r}.due_date) AS INTEGER))`;
const countsAsRevenue = (r: Ref) => `(${r}.status NOT IN ('draft', 'cancelled'))`;
const isOpen = (r: Ref) => `(${r}.status IN ('sent', 'viewed'))`;
const isPaid = (r: Ref) => `(${r}.status = 'paid')`;

/** UPDATE … SET col = col - x, then drop the rollup row once nothing contributes to it. */
function subtract(table: string, sets: string, where: string): string {
  return `UPDATE ${table} SET ${sets} WHERE ${where};
  DELETE FROM ${table} WHERE ${where} AND count = 0;`;
}

const RULES: RollupRule[] = [
  {
    table: 'expense_daily',
    source: 'expenses',
    add: (r) => `INSERT INTO expense_daily (company_id, day, category, amount, count, reimbursable_amount)
  VALUES (${r}.company_id, ${r}.date, ${r}.category, ${r}.amount, 1, ${r}.amount * ${r}.reimbursable)
  ON CONFLICT DO UPDATE SET amount = amount + excluded.amount, count = count + 1,
    reimbursable_amount = reimbursable_amount + excluded.reimbursable_amount;`,
    remove: (r) =>
      subtract(
        'expense_daily',
        `amount = amount - ${r}.amount, count = count - 1, reimbursable_amount = reimbursable_amount - ${r}.amount * ${r}.reimbursable`,
        `company_id = ${r}.company_id AND day = ${r}.date AND category = ${r}.category`,
      ),
  },
  {
    table: 'client_created_daily',
    source: 'clients',
    add: (
      r,
    ) => `INSERT INTO client_created_daily (company_id, day, active, count) VALUES (${r}.company_id, ${r}.created_date, ${r}.active, 1)
  ON CONFLICT DO UPDATE SET count = count + 1;`,
    remove: (r) =>
      subtract(
        'client_created_daily',
        'count = count - 1',
        `company_id = ${r}.company_id AND day = ${r}.created_date AND active = ${r}.active`,
      ),
  },
  {
    table: 'quote_daily',
    source: 'quotes',
    add: (r) => `INSERT INTO quote_daily (company_id, day, count, converted_count)
  VALUES (${r}.company_id, ${r}.issue_date, 1, ${r}.converted_invoice_id IS NOT NULL)
  ON CONFLICT DO UPDATE SET count = count + 1, converted_count = converted_count + excluded.converted_count;`,
    remove: (r) =>
      subtract(
        'quote_daily',
        `count = count - 1, converted_count = converted_count - (${r}.converted_invoice_id IS NOT NULL)`,
        `company_id = ${r}.company_id AND day = ${r}.issue_date`,
      ),
  },
  {
    // client_totals rows live as long as their client (created and dropped by the client triggers below).
    table: 'client_totals',
    source: 'quotes',
    add: (r) => `UPDATE client_totals SET quote_count = quote_count + 1 WHERE company_id = ${r}.company_id AND client_id = ${r}.client_id;`,
    remove: (r) =>
      `UPDATE client_totals SET quote_count = quote_count - 1 WHERE company_id = ${r}.company_id AND client_id = ${r}.client_id;`,
  },
  {
    table: 'invoice_issued_daily',
    source: 'invoices',
    add: (
      r,
    ) => `INSERT INTO invoice_issued_daily (company_id, day, status, total, count) VALUES (${r}.company_id, ${r}.issue_date, ${r}.status, ${r}.total, 1)
  ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + 1;`,
    remove: (r) =>
      subtract(
        'invoice_issued_daily',
        `total = total - ${r}.total, count = count - 1`,
        `company_id = ${r}.company_id AND day = ${r}.issue_date AND status = ${r}.status`,
      ),
  },
  {
    table: 'invoice_paid_daily',
    source: 'invoices',
    add: (r) => `INSERT INTO invoice_paid_daily (company_id, day, total, count, days_to_pay_sum, days_late_sum)
  SELECT ${r}.company_id, ${r}.paid_date, ${r}.total, 1, ${daysToPay(r)}, ${daysLate(r)} WHERE ${isPaid(r)}
  ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + 1,
    days_to_pay_sum = days_to_pay_sum + excluded.days_to_pay_sum, days_late_sum = days_late_sum + excluded.days_late_sum;`,
    remove: (r) =>
      subtract(
        'invoice_paid_daily',
        `total = total - ${r}.total, count = count - 1, days_to_pay_sum = days_to_pay_sum - ${daysToPay(r)}, days_late_sum = days_late_sum - ${daysLate(r)}`,
        `${isPaid(r)} AND company_id = ${r}.company_id AND day = ${r}.paid_date`,
      ),
  },
  {
    table: 'open_invoice_daily',
    source: 'invoices',
    add: (r) => `INSERT INTO open_invoice_daily (company_id, issue_day, due_day, status, total, count)
  SELECT ${r}.company_id, ${r}.issue_date, ${r}.due_date, ${r}.status, ${r}.total, 1 WHERE ${isOpen(r)}
  ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + 1;`,
    remove: (r) =>
      subtract(
        'open_invoice_daily',
        `total = total - ${r}.total, count = count - 1`,
        `${isOpen(r)} AND company_id = ${r}.company_id AND issue_day = ${r}.issue_date AND due_day = ${r}.due_date AND status = ${r}.status`,
      ),
  },
  {
    table: 'client_revenue_daily',
    source: 'invoices',
    add: (r) => `INSERT INTO client_revenue_daily (company_id, client_id, day, total, count)
  SELECT ${r}.company_id, ${r}.client_id, ${r}.issue_date, ${r}.total, 1 WHERE ${countsAsRevenue(r)}
  ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + 1;`,
    remove: (r) =>
      subtract(
        'client_revenue_daily',
        `total = total - ${r}.total, count = count - 1`,
        `${countsAsRevenue(r)} AND company_id = ${r}.company_id AND day = ${r}.issue_date AND client_id = ${r}.client_id`,
      ),
  },
  {
    table: 'client_totals',
    source: 'invoices',
    add: (r) => clientTotalsDelta(r, '+'),
    remove: (r) => clientTotalsDelta(r, '-'),
  },
];

function clientTotalsDelta(r: Ref, op: '+' | '-'): string {
  return `UPDATE client_totals SET
    invoice_count = invoice_count ${op} 1,
    revenue = revenue ${op} (CASE WHEN ${countsAsRevenue(r)} THEN ${r}.total ELSE 0 END),
    revenue_count = revenue_count ${op} ${countsAsRevenue(r)},
    outstanding = outstanding ${op} (CASE WHEN ${isOpen(r)} THEN ${r}.total ELSE 0 END),
    open_count = open_count ${op} ${isOpen(r)},
    paid_count = paid_count ${op} ${isPaid(r)},
    days_to_pay_sum = days_to_pay_sum ${op} (CASE WHEN ${isPaid(r)} THEN ${daysToPay(r)} ELSE 0 END),
    days_late_sum = days_late_sum ${op} (CASE WHEN ${isPaid(r)} THEN ${daysLate(r)} ELSE 0 END)
  WHERE company_id = ${r}.company_id AND client_id = ${r}.client_id;`;
}

/** Columns whose change can move a row's contribution; other updates (a description) fire nothing. */
const WATCHED: Record<RollupRule['source'], string> = {
  expenses: 'company_id, date, category, amount, reimbursable',
  invoices: 'company_id, client_id, status, issue_date, due_date, paid_date, total',
  clients: 'company_id, created_date, active',
  quotes: 'company_id, client_id, issue_date, converted_invoice_id',
};

function triggersFor(source: RollupRule['source'], extra: { add?: string; remove?: string } = {}): string {
  const rules = RULES.filter((r) => r.source === source);
  const adds = (ref: Ref) => rules.map((r) => r.add(ref)).join('\n  ');
  const removes = (ref: Ref) => rules.map((r) => r.remove(ref)).join('\n  ');
  const before = extra.add ?? '';
  const after = extra.remove ?? '';
  return `
CREATE TRIGGER ${source}_rollup_insert AFTER INSERT ON ${source} BEGIN
  ${before}
  ${adds('new')}
END;
CREATE TRIGGER ${source}_rollup_delete AFTER DELETE ON ${source} BEGIN
  ${removes('old')}
  ${after}
END;
CREATE TRIGGER ${source}_rollup_update AFTER UPDATE OF ${WATCHED[source]} ON ${source} BEGIN
  ${removes('old')}
  ${adds('new')}
END;`;
}

const TABLES_SQL = `
CREATE TABLE companies (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  currency    TEXT NOT NULL DEFAULT 'MYR' CHECK (length(currency) = 3),
  time_zone   TEXT NOT NULL DEFAULT 'Asia/Kuala_Lumpur',
  created_at  TEXT NOT NULL
);

CREATE TABLE clients (
  id            INTEGER PRIMARY KEY,
  company_id    INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email         TEXT,
  phone         TEXT,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_date  TEXT NOT NULL
);
CREATE INDEX clients_company ON clients(company_id, name);

-- Per-company, per-year counters that hand out INV-YYYY-NNNN / QT-YYYY-NNNN numbers inside the write's transaction.
CREATE TABLE number_sequences (
  company_id  INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('INV', 'QT')),
  year        INTEGER NOT NULL,
  last        INTEGER NOT NULL,
  PRIMARY KEY (company_id, kind, year)
) WITHOUT ROWID;

CREATE TABLE quotes (
  id            INTEGER PRIMARY KEY,
  company_id    INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  number        TEXT NOT NULL,
  client_id     INTEGER NOT NULL REFERENCES clients(id),
  status        TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'approved', 'declined', 'expired')),
  issue_date    TEXT NOT NULL,
  valid_until   TEXT NOT NULL,
  subtotal      INTEGER NOT NULL,
  tax_rate_bp   INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  tax           INTEGER NOT NULL,
  total         INTEGER NOT NULL,
  converted_invoice_id INTEGER,
  UNIQUE (company_id, number)
);
CREATE INDEX quotes_client ON quotes(client_id);

CREATE TABLE quote_lines (
  id              INTEGER PRIMARY KEY,
  quote_id        INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  description     TEXT NOT NULL,
  quantity_milli  INTEGER NOT NULL CHECK (quantity_milli > 0),
  unit_price      INTEGER NOT NULL,
  line_total      INTEGER NOT NULL
);
CREATE INDEX quote_lines_quote ON quote_lines(quote_id, position);

CREATE TABLE invoices (
  id            INTEGER PRIMARY KEY,
  company_id    INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  number        TEXT NOT NULL,
  client_id     INTEGER NOT NULL REFERENCES clients(id),
  status        TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'viewed', 'paid', 'cancelled')),
  issue_date    TEXT NOT NULL,
  due_date      TEXT NOT NULL,
  paid_date     TEXT,
  subtotal      INTEGER NOT NULL,
  tax_rate_bp   INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  tax           INTEGER NOT NULL,
  total         INTEGER NOT NULL,
  quote_id      INTEGER UNIQUE REFERENCES quotes(id) ON DELETE SET NULL,
  CHECK ((status = 'paid') = (paid_date IS NOT NULL)),
  UNIQUE (company_id, number)
);
CREATE INDEX invoices_company_issue ON invoices(company_id, issue_date);
CREATE INDEX invoices_client ON invoices(client_id);

CREATE TABLE invoice_lines (
  id              INTEGER PRIMARY KEY,
  invoice_id      INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  description     TEXT NOT NULL,
  quantity_milli  INTEGER NOT NULL CHECK (quantity_milli > 0),
  unit_price      INTEGER NOT NULL,
  line_total      INTEGER NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id, position);

CREATE TABLE expenses (
  id            INTEGER PRIMARY KEY,
  company_id    INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  date          TEXT NOT NULL,
  category      TEXT NOT NULL CHECK (category IN ('office_supplies', 'travel', 'meals', 'utilities', 'rent', 'marketing',
                  'software', 'equipment', 'professional', 'insurance', 'taxes', 'other')),
  description   TEXT NOT NULL DEFAULT '',
  amount        INTEGER NOT NULL CHECK (amount >= 0),
  reimbursable  INTEGER NOT NULL DEFAULT 0 CHECK (reimbursable IN (0, 1)),
  client_id     INTEGER REFERENCES clients(id) ON DELETE SET NULL
);
CREATE INDEX expenses_company_date ON expenses(company_id, date);

-- ---------------------------------------------------------------------------------------------------------
-- Rollups. Each is a pure function of the raw rows (see src-engine/store/rollups.ts for the recomputation
-- queries that kira check and recalculation compare against). Rows whose count falls to zero are deleted,
-- so a rollup table holds exactly what its recomputation returns.

-- Expenses per company × day × category.
CREATE TABLE expense_daily (
  company_id          INTEGER NOT NULL,
  day                 TEXT NOT NULL,
  category            TEXT NOT NULL,
  amount              INTEGER NOT NULL,
  count               INTEGER NOT NULL,
  reimbursable_amount INTEGER NOT NULL,
  PRIMARY KEY (company_id, day, category)
) WITHOUT ROWID;

-- Invoices per company × issue day × status (accrual revenue, invoices issued).
CREATE TABLE invoice_issued_daily (
  company_id  INTEGER NOT NULL,
  day         TEXT NOT NULL,
  status      TEXT NOT NULL,
  total       INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (company_id, day, status)
) WITHOUT ROWID;

-- Paid invoices per company × paid day (cash revenue, days to pay, days late).
CREATE TABLE invoice_paid_daily (
  company_id      INTEGER NOT NULL,
  day             TEXT NOT NULL,
  total           INTEGER NOT NULL,
  count           INTEGER NOT NULL,
  days_to_pay_sum INTEGER NOT NULL,
  days_late_sum   INTEGER NOT NULL,
  PRIMARY KEY (company_id, day)
) WITHOUT ROWID;

-- Open (sent/viewed) invoices per company × issue day × due day × status: outstanding and derived overdue.
CREATE TABLE open_invoice_daily (
  company_id  INTEGER NOT NULL,
  issue_day   TEXT NOT NULL,
  due_day     TEXT NOT NULL,
  status      TEXT NOT NULL,
  total       INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (company_id, issue_day, due_day, status)
) WITHOUT ROWID;

-- Revenue-counting invoices per company × client × issue day (revenue by client for a period).
CREATE TABLE client_revenue_daily (
  company_id  INTEGER NOT NULL,
  client_id   INTEGER NOT NULL,
  day         TEXT NOT NULL,
  total       INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (company_id, day, client_id)
) WITHOUT ROWID;

-- All-time figures per client (the clients view: outstanding, payment behaviour, counts).
CREATE TABLE client_totals (
  company_id      INTEGER NOT NULL,
  client_id       INTEGER NOT NULL,
  invoice_count   INTEGER NOT NULL,
  revenue         INTEGER NOT NULL,
  revenue_count   INTEGER NOT NULL,
  outstanding     INTEGER NOT NULL,
  open_count      INTEGER NOT NULL,
  paid_count      INTEGER NOT NULL,
  days_to_pay_sum INTEGER NOT NULL,
  days_late_sum   INTEGER NOT NULL,
  quote_count     INTEGER NOT NULL,
  PRIMARY KEY (company_id, client_id)
) WITHOUT ROWID;

-- Clients per company × created day × active flag (active clients as of a date, new clients in a period).
CREATE TABLE client_created_daily (
  company_id  INTEGER NOT NULL,
  day         TEXT NOT NULL,
  active      INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (company_id, day, active)
) WITHOUT ROWID;

-- Quotes per company × issue day (quote conversion rate).
CREATE TABLE quote_daily (
  company_id      INTEGER NOT NULL,
  day             TEXT NOT NULL,
  count           INTEGER NOT NULL,
  converted_count INTEGER NOT NULL,
  PRIMARY KEY (company_id, day)
) WITHOUT ROWID;

`;

export const migration: Migration = {
  version: 1,
  name: 'initial schema with rollups',
  sql:
    TABLES_SQL +
    triggersFor('expenses') +
    triggersFor('quotes') +
    triggersFor('invoices') +
    triggersFor('clients', {
      add: `INSERT INTO client_totals VALUES (new.company_id, new.id, 0, 0, 0, 0, 0, 0, 0, 0, 0);`,
      remove: `DELETE FROM client_totals WHERE company_id = old.company_id AND client_id = old.id;`,
    }),
};
