/**
 * The print layout of a report (A4): company, title, range or as-of date, basis, each table with its totals
 * row. One HTML string built from the table layout, used by `kira report --format pdf` (headless Chromium) and by
 * the renderer's print view, so the PDF and the printed page are the same document. Detail tables (one row per
 * invoice: thousands on big books) stay in the workbook and on screen. Pure; every text escaped.
 */
import type { Cell, CellKind, ReportDocument, ReportTable } from './tables.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Money in the currency's format (minor units in), e.g. RM 1,234.50 for MYR. */
export function moneyFormatter(currency: string): (minor: number) => string {
  let fmt: Intl.NumberFormat;
  try {
    fmt = new Intl.NumberFormat('en-MY', { style: 'currency', currency });
  } catch {
    fmt = new Intl.NumberFormat('en-MY', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return (minor) => fmt.format(minor / 10 ** digits);
}

function formatCell(cell: Cell, kind: CellKind, money: (minor: number) => string): string {
  if (cell === null) return '';
  if (kind === 'money' && typeof cell === 'number') return money(cell);
  if (kind === 'integer' && typeof cell === 'number') return cell.toLocaleString('en-MY');
  return String(cell);
}

function table(t: ReportTable, money: (minor: number) => string): string {
  const align = (k: CellKind) => (k === 'money' || k === 'integer' ? ' class="num"' : '');
  const row = (cells: Cell[], tag: 'td' | 'th') =>
    `<tr>${cells.map((c, i) => `<${tag}${align(t.columns[i]!.kind)}>${escapeHtml(formatCell(c, t.columns[i]!.kind, money))}</${tag}>`).join('')}</tr>`;
  return `<section><h2>${escapeHtml(t.title)}</h2><table>
<thead><tr>${t.columns.map((c) => `<th${align(c.kind)}>${escapeHtml(c.label)}</th>`).join('')}</tr></thead>
<tbody>${t.rows.map((r) => row(r, 'td')).join('\n')}</tbody>
${t.totals ? `<tfoot>${row(t.totals, 'th')}</tfoot>` : ''}</table></section>`;
}

const PRINT_CSS = `@page { size: A4; margin: 14mm 12mm; }
body { font: 9.5pt/1.35 system-ui, "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0; }
header h1 { font-size: 15pt; margin: 0 0 2pt; } header p { margin: 0 0 1pt; color: #333; }
h2 { font-size: 11pt; margin: 12pt 0 4pt; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 2.5pt 4pt; text-align: left; vertical-align: top; }
thead th { border-bottom: 1pt solid #111; } tfoot th { border-top: 1pt solid #111; border-bottom: none; }
tr { page-break-inside: avoid; } thead { display: table-header-group; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }`;

/** The whole printable document (a standalone HTML page). */
export function reportHtml(doc: ReportDocument): string {
  const money = moneyFormatter(doc.currency);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`${doc.title} — ${doc.company}`)}</title>
<style>${PRINT_CSS}</style></head><body>
<header><h1>${escapeHtml(doc.title)}</h1><p>${escapeHtml(doc.company)}</p><p>${escapeHtml(doc.subtitle)}</p><p>Currency: ${escapeHtml(doc.currency)}</p></header>
${doc.tables
  .filter((t) => !t.detail)
  .map((t) => table(t, money))
  .join('\n')}
</body></html>`;
}
