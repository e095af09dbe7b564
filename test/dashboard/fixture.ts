/**
 * A random multi-company dataset written with plain SQL into the raw tables (the triggers keep the rollups),
 * plus random writes of every kind. Seeded, so a failure reproduces.
 */
import type { Database } from 'better-sqlite3';
import { CATEGORY_CODES } from '../../src-engine/core/categories.js';
import { openDatabase } from '../../src-engine/store/open.js';

export function rng(seed: number): () => number {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = ReturnType<typeof rng>;
export const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const DAY = 86_400_000;
export const isoPlus = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
export const randomDate = (r: Rand, from: string, to: string) =>
  isoPlus(from, int(r, 0, Math.round((Date.parse(to) - Date.parse(from)) / DAY)));

const ZONES = ['Asia/Kuala_Lumpur', 'America/Los_Angeles', 'Pacific/Auckland'];
const STATUSES = ['draft', 'sent', 'viewed', 'paid', 'cancelled'] as const;
const DATA_FROM = '2023-03-01';
const DATA_TO = '2024-05-31';

export function buildDataset(path: string, seed: number, scale = 1): { db: Database; companies: number[]; r: Rand } {
  const r = rng(seed);
  const db = openDatabase(path);
  const companies: number[] = [];
  db.transaction(() => {
    for (const [i, zone] of ZONES.entries()) {
      const cid = Number(
        db
          .prepare('INSERT INTO companies (name, time_zone, created_at) VALUES (?, ?, ?)')
          .run(`Company ${i + 1}`, zone, '2023-01-01T00:00:00Z').lastInsertRowid,
      );
      companies.push(cid);
      for (let k = 0; k < 15 * scale; k++) insertClient(db, r, cid);
      for (let k = 0; k < 160 * scale; k++) insertInvoice(db, r, cid);
      for (let k = 0; k < 300 * scale; k++) insertExpense(db, r, cid);
      for (let k = 0; k < 50 * scale; k++) insertQuote(db, r, cid);
    }
  })();
  return { db, companies, r };
}

let seq = 0;

function insertClient(db: Database, r: Rand, company: number): number {
  return Number(
    db
      .prepare('INSERT INTO clients (company_id, name, email, active, created_date) VALUES (?, ?, ?, ?, ?)')
      .run(company, `Client ${++seq}`, r() < 0.5 ? `c${seq}@example.com` : null, r() < 0.8 ? 1 : 0, randomDate(r, '2023-01-01', DATA_TO))
      .lastInsertRowid,
  );
}

function clientOf(db: Database, r: Rand, company: number): number {
  const ids = db.prepare('SELECT id FROM clients WHERE company_id = ?').pluck().all(company) as number[];
  return pick(r, ids);
}

function insertInvoice(db: Database, r: Rand, company: number): number {
  const status = pick(r, STATUSES);
  const issue = randomDate(r, DATA_FROM, DATA_TO);
  const due = isoPlus(issue, int(r, 0, 45));
  const paid = status === 'paid' ? isoPlus(issue, int(r, 0, 90)) : null;
  const total = int(r, 0, 3) === 0 ? int(r, 100, 2_000_000) : int(r, 100, 200_000);
  return Number(
    db
      .prepare(
        `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, paid_date, subtotal, tax, total)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(company, `INV-${++seq}`, clientOf(db, r, company), status, issue, due, paid, total, total).lastInsertRowid,
  );
}

function insertExpense(db: Database, r: Rand, company: number): number {
  return Number(
    db
      .prepare(
        'INSERT INTO expenses (company_id, date, category, description, amount, reimbursable, client_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        company,
        randomDate(r, DATA_FROM, DATA_TO),
        pick(r, CATEGORY_CODES),
        'x',
        int(r, 0, 150_000),
        r() < 0.3 ? 1 : 0,
        r() < 0.3 ? clientOf(db, r, company) : null,
      ).lastInsertRowid,
  );
}

function insertQuote(db: Database, r: Rand, company: number): number {
  const invoices = db.prepare('SELECT id FROM invoices WHERE company_id = ?').pluck().all(company) as number[];
  const issue = randomDate(r, DATA_FROM, DATA_TO);
  const total = int(r, 100, 100_000);
  return Number(
    db
      .prepare(
        `INSERT INTO quotes (company_id, number, client_id, status, issue_date, valid_until, subtotal, tax, total, converted_invoice_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(
        company,
        `QT-${++seq}`,
        clientOf(db, r, company),
        pick(r, ['draft', 'sent', 'approved', 'declined', 'expired']),
        issue,
        isoPlus(issue, 30),
        total,
        total,
        r() < 0.35 && invoices.length ? pick(r, invoices) : null,
      ).lastInsertRowid,
  );
}

/** One random write: insert, update (amount/date/status/active), or delete, on any raw table. */
export function randomWrite(db: Database, r: Rand, company: number): void {
  const any = (table: string) =>
    db.prepare(`SELECT id FROM ${table} WHERE company_id = ? ORDER BY random() LIMIT 1`).pluck().get(company) as number | undefined;
  switch (int(r, 0, 9)) {
    case 0:
      insertInvoice(db, r, company);
      break;
    case 1:
      insertExpense(db, r, company);
      break;
    case 2:
      insertQuote(db, r, company);
      break;
    case 3:
      insertClient(db, r, company);
      break;
    case 4: {
      const id = any('invoices');
      if (id) db.prepare('DELETE FROM invoices WHERE id = ?').run(id);
      break;
    }
    case 5: {
      const id = any('expenses');
      if (id)
        db.prepare('UPDATE expenses SET amount = ?, date = ?, reimbursable = 1 - reimbursable WHERE id = ?').run(
          int(r, 0, 90_000),
          randomDate(r, DATA_FROM, DATA_TO),
          id,
        );
      break;
    }
    case 6: {
      // status change: open → paid (with a paid date), draft → sent, anything → cancelled
      const row = db
        .prepare(
          `SELECT id, status, issue_date FROM invoices WHERE company_id = ? AND status NOT IN ('paid', 'cancelled') ORDER BY random() LIMIT 1`,
        )
        .get(company) as { id: number; status: string; issue_date: string } | undefined;
      if (!row) break;
      const next = row.status === 'draft' ? pick(r, ['sent', 'cancelled']) : pick(r, ['viewed', 'paid', 'cancelled']);
      db.prepare('UPDATE invoices SET status = ?, paid_date = ? WHERE id = ?').run(
        next,
        next === 'paid' ? isoPlus(row.issue_date, int(r, 0, 60)) : null,
        row.id,
      );
      break;
    }
    case 7: {
      const id = any('invoices');
      if (id)
        db.prepare('UPDATE invoices SET total = ?, due_date = date(issue_date, ?) WHERE id = ?').run(
          int(r, 100, 300_000),
          `+${int(r, 0, 60)} days`,
          id,
        );
      break;
    }
    case 8: {
      const id = any('clients');
      if (id) db.prepare('UPDATE clients SET active = 1 - active WHERE id = ?').run(id);
      break;
    }
    case 9: {
      const id = any('expenses');
      if (id) db.prepare('DELETE FROM expenses WHERE id = ?').run(id);
      const q = any('quotes');
      if (q)
        db.prepare('UPDATE quotes SET converted_invoice_id = CASE WHEN converted_invoice_id IS NULL THEN 1 ELSE NULL END WHERE id = ?').run(
          q,
        );
      break;
    }
  }
}
