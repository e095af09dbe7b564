/**
 * A report as tables: the one layout the CSV, XLSX and PDF writers (and the renderer's print view) share, so
 * every file holds the same cells. Pure. Money cells stay integer minor units here; each writer formats them
 * (CSV: decimal text; XLSX: numbers with the currency's format; PDF: the currency's format).
 */
import { EXPENSE_CATEGORIES, CATEGORY_CODES } from '../categories.js';
import type { AgingResult, PnlResult } from './types.js';

export type CellKind = 'text' | 'date' | 'money' | 'integer';
export type Cell = string | number | null;

export interface ReportTable {
  /** Sheet name / heading (≤ 31 characters, XLSX's limit). */
  title: string;
  columns: { label: string; kind: CellKind }[];
  rows: Cell[][];
  /** The totals row (first cell its label), or none. */
  totals: Cell[] | null;
  /** A detail table (one row per invoice): in the workbook and on screen, left out of the printed summary. */
  detail?: boolean;
}

export interface ReportDocument {
  /** File name stem and document title. */
  name: string;
  title: string;
  company: string;
  currency: string;
  /** "As of 2026-10-31" / "2026-01-01 to 2026-06-30, accrual basis, by month". */
  subtitle: string;
  tables: ReportTable[];
}

const BUCKET_LABELS = {
  current: 'Current',
  '1_30': '1–30 days',
  '31_60': '31–60 days',
  '61_90': '61–90 days',
  over_90: 'Over 90 days',
} as const;

export function agingDocument(r: AgingResult): ReportDocument {
  const money = (label: string) => ({ label, kind: 'money' as const });
  const cells = (c: AgingResult['totals']) => [...r.buckets.map((b) => c[b]), c.total];
  return {
    name: `aged-receivables-${r.as_of}`,
    title: 'Aged receivables',
    company: r.company_name,
    currency: r.currency,
    subtitle: `As of ${r.as_of} (days past due in the company's time zone)`,
    tables: [
      {
        title: 'Aged receivables',
        columns: [{ label: 'Client', kind: 'text' }, ...r.buckets.map((b) => money(BUCKET_LABELS[b])), money('Total')],
        rows: r.clients.map((c) => [c.name, ...cells(c)]),
        totals: ['Total', ...cells(r.totals)],
      },
      ...(r.clients.some((c) => c.invoices)
        ? [
            {
              title: 'Invoices',
              detail: true,
              columns: [
                { label: 'Client', kind: 'text' },
                { label: 'Invoice', kind: 'text' },
                { label: 'Issued', kind: 'date' },
                { label: 'Due', kind: 'date' },
                { label: 'Days past due', kind: 'integer' },
                { label: 'Bucket', kind: 'text' },
                money('Amount'),
              ],
              rows: r.clients.flatMap((c) =>
                (c.invoices ?? []).map((i) => [
                  c.name,
                  i.number,
                  i.issue_date,
                  i.due_date,
                  i.days_past_due,
                  BUCKET_LABELS[i.bucket],
                  i.total,
                ]),
              ),
              totals: ['Total', null, null, null, null, null, r.totals.total],
            } satisfies ReportTable,
          ]
        : []),
    ],
  };
}

export function pnlDocument(r: PnlResult): ReportDocument {
  const money = (label: string) => ({ label, kind: 'money' as const });
  const used = CATEGORY_CODES.filter(
    (c) => r.totals.expenses_by_category[c] !== 0 || r.periods.some((p) => p.previous_year.expenses_by_category[c] !== 0),
  );
  return {
    name: `profit-and-loss-${r.from}-${r.to}`,
    title: 'Profit and loss',
    company: r.company_name,
    currency: r.currency,
    subtitle: `${r.from} to ${r.to}, ${r.basis} basis, by ${r.by}`,
    tables: [
      {
        title: 'Profit and loss',
        columns: [
          { label: 'From', kind: 'date' },
          { label: 'To', kind: 'date' },
          money('Revenue'),
          money('Expenses'),
          money('Net profit'),
          money('Revenue a year earlier'),
          money('Expenses a year earlier'),
          money('Net a year earlier'),
        ],
        rows: r.periods.map((p) => [
          p.from,
          p.to,
          p.revenue,
          p.expenses,
          p.net,
          p.previous_year.revenue,
          p.previous_year.expenses,
          p.previous_year.net,
        ]),
        totals: [
          'Total',
          null,
          r.totals.revenue,
          r.totals.expenses,
          r.totals.net,
          r.totals.previous_year.revenue,
          r.totals.previous_year.expenses,
          r.totals.previous_year.net,
        ],
      },
      {
        title: 'Expenses by category',
        columns: [
          { label: 'Category', kind: 'text' },
          ...r.periods.map((p) => money(r.by === 'month' ? p.from.slice(0, 7) : `${p.from}…`)),
          money('Total'),
        ],
        rows: used.map((c) => [
          EXPENSE_CATEGORIES[c],
          ...r.periods.map((p) => p.expenses_by_category[c]),
          r.totals.expenses_by_category[c],
        ]),
        totals: ['Total', ...r.periods.map((p) => p.expenses), r.totals.expenses],
      },
    ],
  };
}
