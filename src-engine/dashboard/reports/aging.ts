/**
 * Aged receivables as of a date: every invoice owed on that day by its status history (invoice_open_span:
 * open_day <= D < close_day), bucketed by days past due = D − due date. One index range scan; the cells are
 * summed in JS from the very invoices listed behind them, so every cell equals the sum of its invoices.
 */
import type { Database } from 'better-sqlite3';
import { daysBetween } from '../../core/dates.js';
import { loadCompany } from '../company.js';
import { stmt } from '../statements.js';
import { AGING_BUCKETS, type AgingBucket, type AgingCells, type AgingClient, type AgingParams, type AgingResult } from '../../core/reports/types.js';

interface Row {
  invoice_id: number;
  client_id: number;
  name: string;
  number: string;
  issue_date: string;
  due_date: string;
  total: number;
}

const SQL = `SELECT s.invoice_id, s.client_id, c.name, i.number, i.issue_date, s.due_day AS due_date, s.total
  FROM invoice_open_span s JOIN invoices i ON i.id = s.invoice_id JOIN clients c ON c.id = s.client_id
  WHERE s.company_id = ? AND s.close_day > ? AND s.open_day <= ?
  ORDER BY s.due_day, s.invoice_id`;

/** The bucket of an invoice `daysPastDue` days past due (≤ 0: not yet due). */
export function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1_30';
  if (daysPastDue <= 60) return '31_60';
  if (daysPastDue <= 90) return '61_90';
  return 'over_90';
}

export const emptyCells = (): AgingCells => ({ current: 0, '1_30': 0, '31_60': 0, '61_90': 0, over_90: 0, total: 0 });

export function aging(db: Database, p: AgingParams): AgingResult {
  const company = loadCompany(db, p.company);
  const rows = stmt(db, SQL).all(p.company, p.as_of, p.as_of) as Row[];
  const byClient = new Map<number, AgingClient>();
  const totals = emptyCells();
  for (const r of rows) {
    let c = byClient.get(r.client_id);
    if (!c) byClient.set(r.client_id, (c = { client_id: r.client_id, name: r.name, ...emptyCells(), invoices: [] }));
    const days = daysBetween(r.due_date, p.as_of);
    const bucket = agingBucket(days);
    c[bucket] += r.total;
    c.total += r.total;
    totals[bucket] += r.total;
    totals.total += r.total;
    c.invoices.push({ invoice_id: r.invoice_id, number: r.number, issue_date: r.issue_date, due_date: r.due_date, days_past_due: days, bucket, total: r.total });
  }
  const clients = [...byClient.values()].filter((c) => c.total !== 0).sort((a, b) => b.total - a.total || a.client_id - b.client_id);
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
