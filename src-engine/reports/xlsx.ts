/**
 * XLSX of a report with exceljs (a well-kept writer; SheetJS's npm build is frozen at an old, vulnerable
 * release): one sheet per table, a bold header row, money as real numbers with the currency's number format,
 * dates as real dates, and a totals row. The company, title and range go in the workbook's properties and the
 * printed header, so row 1 stays the header row a reader expects.
 */
import ExcelJS from 'exceljs';
import { minorDigits } from '../core/money.js';
import type { Cell, CellKind, ReportDocument } from '../core/reports/tables.js';

/** The number format of money in `currency`: "RM" for MYR, the ISO code otherwise; negative with a minus. */
export function moneyFormat(currency: string): string {
  const digits = minorDigits(currency);
  const symbol = currency === 'MYR' ? 'RM' : currency;
  const number = digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0';
  return `"${symbol} "${number};-"${symbol} "${number}`;
}

export const DATE_FORMAT = 'yyyy-mm-dd';

function value(cell: Cell, kind: CellKind, digits: number): ExcelJS.CellValue {
  if (cell === null) return null;
  if (kind === 'money' && typeof cell === 'number') return cell / 10 ** digits;
  if (kind === 'date' && typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cell)) return new Date(`${cell}T00:00:00Z`);
  return cell;
}

export async function reportXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kira';
  wb.title = `${doc.title} — ${doc.company}`;
  wb.subject = doc.subtitle;
  wb.company = doc.company;
  wb.created = new Date(0); // reproducible files: the same report gives the same bytes' content
  const digits = minorDigits(doc.currency);
  const money = moneyFormat(doc.currency);
  const used = new Set<string>();
  for (const t of doc.tables) {
    let name = t.title.replace(/[[\]*?/\\:]/g, ' ').slice(0, 31);
    while (used.has(name)) name = `${name.slice(0, 28)} ${used.size}`;
    used.add(name);
    const ws = wb.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: {
        paperSize: 9,
        orientation: t.columns.length > 7 ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      },
      headerFooter: { oddHeader: `&L${doc.company}&C${doc.title}&R${doc.subtitle}`.replace(/&(?![LCR])/g, '&&') },
    });
    ws.columns = t.columns.map((c) => ({
      header: c.label,
      width: c.kind === 'money' ? 16 : c.kind === 'date' ? 12 : c.kind === 'integer' ? 10 : 28,
      style: c.kind === 'money' ? { numFmt: money } : c.kind === 'date' ? { numFmt: DATE_FORMAT } : {},
    }));
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((c, i) => value(c, t.columns[i]!.kind, digits)));
    if (t.totals) {
      const row = ws.addRow(t.totals.map((c, i) => value(c, t.columns[i]!.kind, digits)));
      row.font = { bold: true };
      row.border = { top: { style: 'thin' } };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
