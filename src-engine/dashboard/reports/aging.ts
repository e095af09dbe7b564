/**
 * Aged receivables as of a date: every invoice owed on that day by its status history (invoice_open_span:
 * open_day <= D < close_day), bucketed by days past due = D − due date. The summary is one grouped range scan of
 * the span's covering index (bucket edges are due dates computed here, so SQLite compares strings); with
 * `detail` the invoices behind the cells are listed and the cells summed from exactly those invoices.
 */
import type { Database } from 'better-sqlite3';
import { addDays, daysBetween } from '../../core/dates.js';
import { loadCompany } from '../company.js';
import { prepared } from '../../store/statements.js';
import {
  AGING_BUCKETS,
  type AgingBucket,
  type AgingCells,
  type AgingClient,
  type AgingParams,
  type AgingResult,
} from '../../core/reports/types.js';

interface DetailRow {
  invoice_id: number;
  client_id: number;
  name: string;
  number: string;
  issue_date: string;
  due_date: string;
  total: number;
}

const OWED = `s.company_id = :company AND s.close_day > :asof AND s.open_day <= :asof`;

const SUMMARY_SQL = `SELECT s.client_id, c.name,
    SUM(CASE WHEN s.due_day >= :d0 THEN s.total ELSE 0 END) AS "current",
    SUM(CASE WHEN s.due_day < :d0 AND s.due_day >= :d30 THEN s.total ELSE 0 END) AS "1_30",
    SUM(CASE WHEN s.due_day < :d30 AND s.due_day >= :d60 THEN s.total ELSE 0 END) AS "31_60",
    SUM(CASE WHEN s.due_day < :d60 AND s.due_day >= :d90 THEN s.total ELSE 0 END) AS "61_90",
    SUM(CASE WHEN s.due_day < :d90 THEN s.total ELSE 0 END) AS over_90,
    SUM(s.total) AS total
  FROM invoice_open_span s JOIN clients c ON c.id = s.client_id
  WHERE ${OWED} GROUP BY s.client_id`;

const DETAIL_SQL = `SELECT s.invoice_id, s.client_id, c.name, i.number, i.issue_date, s.due_day AS due_date, s.total
  FROM invoice_open_span s JOIN invoices i ON i.id = s.invoice_id JOIN clients c ON c.id = s.client_id
  WHERE ${OWED} AND (:client IS NULL OR s.client_id = :client)
  ORDER BY s.due_day, s.invoice_id`;

/** The bucket of an invoice `daysPastDue` days past due (≤ 0: not yet due). */
function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1_30';
  if (daysPastDue <= 60) return '31_60';
  if (daysPastDue <= 90) return '61_90';
  return 'over_90';
}

const emptyCells = (): AgingCells => ({ current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0, total: 0 });

function summary(db: Database, p: AgingParams): AgingClient[] {
  // Due on or after D: current; due in [D−30, D): 1–30 days past due; and so on.
  const edges = { d0: p.as_of, d30: addDays(p.as_of, -30), d60: addDays(p.as_of, -60), d90: addDays(p.as_of, -90) };
  return prepared(db, SUMMARY_SQL).all({ company: p.company, asof: p.as_of, ...edges }) as AgingClient[];
}

function detail(db: Database, p: AgingParams): AgingClient[] {
  const rows = prepared(db, DETAIL_SQL).all({ company: p.company, asof: p.as_of, client: p.client }) as DetailRow[];
  const byClient = new Map<number, AgingClient & { invoices: NonNullable<AgingClient['invoices']> }>();
  for (const r of rows) {
    let c = byClient.get(r.client_id);
    if (!c) byClient.set(r.client_id, (c = { client_id: r.client_id, name: r.name, ...emptyCells(), invoices: [] }));
    const days = daysBetween(r.due_date, p.as_of);
    const bucket = agingBucket(days);
    c[bucket] += r.total;
    c.total += r.total;
    c.invoices.push({
      invoice_id: r.invoice_id,
      number: r.number,
      issue_date: r.issue_date,
      due_date: r.due_date,
      days_past_due: days,
      bucket,
      total: r.total,
    });
  }
  return [...byClient.values()];
}

export function aging(db: Database, p: AgingParams): AgingResult {
  const company = loadCompany(db, p.company);
  const clients = (p.detail ? detail(db, p) : summary(db, p))
    .filter((c) => c.total !== 0)
    .sort((a, b) => b.total - a.total || a.client_id - b.client_id);
  const totals = emptyCells();
  for (const c of clients) for (const k of [...AGING_BUCKETS, 'total'] as const) totals[k] += c[k];
  return {
    company: company.id,
    company_name: company.name,
    currency: company.currency,
    as_of: p.as_of,
    buckets: [...AGING_BUCKETS],
    clients,
    totals,
  };
}
