/**
 * A parsed statement into the books, exactly once, in one transaction:
 * - money out becomes an expense (category from the file's column, else the mapping's rules, else its default);
 * - money in is matched to an open invoice of the company (same amount, the client's name in the payee or
 *   description, the earliest due first, not issued after the payment) and marks it paid on the statement date;
 *   money in that matches nothing is listed, not imported (the page lets the user match it by hand);
 * - every transaction written leaves its key in import_fingerprints; a key already there is a duplicate.
 * All-or-nothing by default (any rejected line and nothing is written); `dryRun` plans and writes nothing.
 */
import type { Database } from 'better-sqlite3';
import type { ExpenseRow, RowError } from '../../core/csv-rows.js';
import { csvWriter } from '../../core/csv-writer.js';
import type { IsoDate } from '../../core/dates.js';
import type { ChangedTable } from '../../store/changes.js';
import { getCompany } from '../../store/reads/companies.js';
import type { Store } from '../../store/store.js';
import { changeOf } from '../../store/writes/change.js';
import { transactionKeys } from './fingerprint.js';
import { categorize, DEFAULT_MAPPING, type Mapping } from './mapping.js';
import type { ParsedStatement, StatementTxn } from './types.js';
import type { MatchedPayment, StatementImportResult, StatementProgress, UnmatchedMoneyIn } from '../../core/import/types.js';
import { LIMITS } from '../../core/validate/limits.js';

export interface StatementImportOptions {
  mode?: 'all-or-nothing' | 'good-rows';
  dryRun?: boolean;
  /** Category settings (and for a CSV, the mapping the file was read with). */
  mapping?: Mapping;
  maxListedErrors?: number;
  /** Receives every rejected field as CSV (`line,column,reason,value`), header first. */
  report?: { write(chunk: string): void };
  onProgress?: (p: StatementProgress) => void;
  now?: Date;
}

interface PlannedExpense extends ExpenseRow {
  key: string;
}

interface OpenInvoice {
  id: number;
  number: string;
  total: number;
  issue_date: IsoDate;
  due_date: IsoDate;
  client: string;
  client_key: string;
}

interface Plan {
  expenses: PlannedExpense[];
  payments: (MatchedPayment & { key: string })[];
  unmatched: UnmatchedMoneyIn[];
  duplicates: number;
}

// The write API's own cap, so an imported expense can be edited and saved as it is.
const DESCRIPTION_LIMIT = LIMITS.descriptionLength;

export function importStatement(
  store: Store,
  companyId: number,
  parsed: ParsedStatement,
  opts: StatementImportOptions = {},
): StatementImportResult {
  const started = performance.now();
  const db = store.db;
  getCompany(db, companyId); // throws the repository's "company N does not exist"
  const mapping = opts.mapping ?? DEFAULT_MAPPING;
  const maxListed = opts.maxListedErrors ?? 100;
  const errors: RowError[] = [...parsed.errors];
  const keys = transactionKeys(parsed.txns);
  // The same bank id twice in one file: the same transaction repeated is a duplicate; different content is an error.
  const firstByKey = new Map<string, number>();
  const accepted: number[] = [];
  let repeated = 0;
  parsed.txns.forEach((t, i) => {
    const first = firstByKey.get(keys[i]!);
    if (first === undefined) {
      firstByKey.set(keys[i]!, i);
      accepted.push(i);
      return;
    }
    const f = parsed.txns[first]!;
    if (f.date === t.date && f.amount === t.amount) repeated++;
    else
      errors.push({
        line: t.line,
        column: 'id',
        reason: `bank id ${t.bankId ?? ''} is already used on line ${f.line} for another transaction`,
        value: t.bankId ?? '',
      });
  });
  errors.sort((a, b) => a.line - b.line);
  const rejectedLines = new Set(errors.map((e) => e.line));
  if (opts.report) {
    // Kira's one CSV writer: a hostile value in the report comes out formula-guarded, as in the CSV import's.
    const csv = csvWriter({ kinds: ['number', 'text', 'text', 'number'] });
    opts.report.write(csv.row(['line', 'column', 'reason', 'value']));
    for (const e of errors) opts.report.write(csv.row([e.line, e.column, e.reason, e.value]));
  }
  const good = accepted.filter((i) => !rejectedLines.has(parsed.txns[i]!.line));
  const refuse = rejectedLines.size > 0 && opts.mode !== 'good-rows';
  const result: StatementImportResult = {
    format: parsed.format,
    dry_run: opts.dryRun === true,
    imported: 0,
    expenses: 0,
    payments: 0,
    duplicates: 0,
    rejected: rejectedLines.size,
    errors: errors.slice(0, maxListed),
    error_count: errors.length,
    matched: [],
    unmatched: [],
    created_clients: 0,
    expenses_total: 0,
    payments_total: 0,
    duration_ms: 0,
  };
  const makePlan = () => plan(db, companyId, parsed.txns, keys, good, mapping, opts.onProgress);
  const fill = (p: Plan, createdClients: number) => {
    result.duplicates = p.duplicates + repeated;
    result.unmatched = p.unmatched;
    if (refuse) return; // nothing is imported: counts say what the file holds, not what was written
    result.expenses = p.expenses.length;
    result.payments = p.payments.length;
    result.imported = p.expenses.length + p.payments.length;
    result.matched = p.payments.map(({ key: _key, ...m }) => m);
    result.expenses_total = p.expenses.reduce((s, e) => s + e.amount, 0);
    result.payments_total = p.payments.reduce((s, m) => s + m.amount, 0);
    result.created_clients = createdClients;
  };
  if (refuse || opts.dryRun) {
    fill(db.transaction(makePlan).deferred(), 0);
  } else {
    store.write(() => {
      const p = makePlan();
      const { createdClients, tables, dates } = apply(db, companyId, p, opts.now ?? new Date(), opts.onProgress);
      fill(p, createdClients);
      const rows = p.expenses.length + p.payments.length;
      return { result: undefined, change: rows > 0 ? { ...changeOf(companyId, tables, dates, rows), source: 'import' } : null };
    });
  }
  result.duration_ms = Math.round(performance.now() - started);
  return result;
}

function plan(
  db: Database,
  companyId: number,
  txns: readonly StatementTxn[],
  keys: readonly string[],
  order: readonly number[],
  mapping: Mapping,
  onProgress: StatementImportOptions['onProgress'],
): Plan {
  const known = db.prepare('SELECT 1 FROM import_fingerprints WHERE company_id = ? AND key = ?').pluck();
  const open = (
    db
      .prepare(
        `SELECT i.id, i.number, i.total, i.issue_date, i.due_date, c.name AS client FROM invoices i JOIN clients c ON c.id = i.client_id
       WHERE i.company_id = ? AND i.status IN ('sent', 'viewed') ORDER BY i.due_date, i.id`,
      )
      .all(companyId) as Omit<OpenInvoice, 'client_key'>[]
  ).map((o) => ({ ...o, client_key: o.client.trim().toLowerCase() }));
  const byTotal = new Map<number, OpenInvoice[]>();
  for (const o of open) {
    if (o.client_key === '') continue;
    const list = byTotal.get(o.total);
    if (list) list.push(o);
    else byTotal.set(o.total, [o]);
  }
  const used = new Set<number>();
  const p: Plan = { expenses: [], payments: [], unmatched: [], duplicates: 0 };
  let done = 0;
  for (const i of order) {
    if (++done % 10_000 === 0) onProgress?.({ stage: 'plan', done, total: order.length });
    const t = txns[i]!;
    const key = keys[i]!;
    if (known.get(companyId, key) !== undefined) {
      p.duplicates++;
      continue;
    }
    const text = [t.payee, t.description].filter((s) => s !== '').join(' - ');
    if (t.amount < 0) {
      p.expenses.push({
        key,
        date: t.date,
        category: categorize(mapping, text, t.category),
        description: text.slice(0, DESCRIPTION_LIMIT),
        amount: -t.amount,
        reimbursable: t.reimbursable ?? false,
        client: t.client ?? null,
      });
      continue;
    }
    const haystack = text.toLowerCase();
    const inv = byTotal.get(t.amount)?.find((o) => !used.has(o.id) && o.issue_date <= t.date && haystack.includes(o.client_key));
    if (inv) {
      used.add(inv.id);
      p.payments.push({ key, line: t.line, date: t.date, amount: t.amount, invoice_id: inv.id, number: inv.number, client: inv.client });
    } else {
      p.unmatched.push({ line: t.line, date: t.date, amount: t.amount, payee: t.payee, description: t.description, key });
    }
  }
  onProgress?.({ stage: 'plan', done, total: order.length });
  return p;
}

function apply(
  db: Database,
  companyId: number,
  p: Plan,
  now: Date,
  onProgress: StatementImportOptions['onProgress'],
): { createdClients: number; tables: ChangedTable[]; dates: IsoDate[] } {
  const stamp = now.toISOString();
  const remember = db.prepare(
    'INSERT INTO import_fingerprints (company_id, key, kind, ref_id, date, amount, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertExpense = db.prepare(
    'INSERT INTO expenses (company_id, date, category, description, amount, reimbursable, client_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const clients = clientResolver(db, companyId);
  const total = p.expenses.length + p.payments.length;
  const dates = new Set<IsoDate>();
  let done = 0;
  for (const e of p.expenses) {
    const clientId = e.client === null ? null : clients.idFor(e.client, e.date);
    const id = Number(
      insertExpense.run(companyId, e.date, e.category, e.description, e.amount, e.reimbursable ? 1 : 0, clientId).lastInsertRowid,
    );
    remember.run(companyId, e.key, 'expense', id, e.date, -e.amount, stamp);
    dates.add(e.date);
    if (++done % 10_000 === 0) onProgress?.({ stage: 'write', done, total });
  }
  for (const m of p.payments) {
    for (const d of markPaid(db, companyId, m.invoice_id, m.date)) dates.add(d);
    remember.run(companyId, m.key, 'payment', m.invoice_id, m.date, m.amount, stamp);
    done++;
  }
  onProgress?.({ stage: 'write', done, total });
  const tables: ChangedTable[] = [];
  if (p.expenses.length > 0) tables.push('expenses');
  if (p.payments.length > 0) tables.push('invoices');
  if (clients.created > 0) tables.push('clients');
  return { createdClients: clients.created, tables, dates: [...dates] };
}

/** Mark an open invoice paid on `date` (inside the caller's transaction); returns the dates the change touches. */
export function markPaid(db: Database, companyId: number, invoiceId: number, date: IsoDate): IsoDate[] {
  const row = db.prepare('SELECT issue_date, due_date FROM invoices WHERE id = ? AND company_id = ?').get(invoiceId, companyId) as
    { issue_date: IsoDate; due_date: IsoDate } | undefined;
  const changed = db
    .prepare(
      "UPDATE invoices SET status = 'paid', paid_date = ? WHERE id = ? AND company_id = ? AND status IN ('sent', 'viewed') AND issue_date <= ?",
    )
    .run(date, invoiceId, companyId, date).changes;
  // The plan read the invoice inside this same transaction, so it is still open: anything else is a bug, not input.
  if (changed !== 1 || !row) throw new Error(`invoice ${invoiceId} could not be marked paid`);
  return [row.issue_date, row.due_date, date];
}

/** Client names from a mapped column → ids, creating unknown ones (as Kira's own CSV import does). */
function clientResolver(db: Database, companyId: number): { idFor(name: string, date: IsoDate): number; created: number } {
  const byKey = new Map<string, number>();
  for (const c of db.prepare('SELECT id, name FROM clients WHERE company_id = ? ORDER BY id').all(companyId) as {
    id: number;
    name: string;
  }[]) {
    const k = c.name.trim().toLowerCase();
    if (!byKey.has(k)) byKey.set(k, c.id);
  }
  const create = db.prepare('INSERT INTO clients (company_id, name, active, created_date) VALUES (?, ?, 1, ?)');
  const r = {
    created: 0,
    idFor(name: string, date: IsoDate): number {
      const k = name.trim().toLowerCase();
      let id = byKey.get(k);
      if (id === undefined) {
        id = Number(create.run(companyId, name.trim(), date).lastInsertRowid);
        byKey.set(k, id);
        r.created++;
      }
      return id;
    },
  };
  return r;
}
