/**
 * `kira report` as a real child process on demo books: JSON equal to the query modules' answer, CSV with the
 * totals row, XLSX read back by a reader (values, number formats, dates, one sheet per table), PDF whose
 * extracted text carries the report's figures; usage errors exit 2.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moneyFormatter } from '../../src-engine/core/reports/print-html.js';
import { aging, pnl, resolveAging, resolvePnl } from '../../src-engine/dashboard/reports/index.js';
import { openDatabase } from '../../src-engine/store/open.js';
import { kira } from '../helpers/kira-cli.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const db = tmp.path('books.db');
const AS_OF = '2026-03-31';
/** The P&L every test here asks for: five quarters on the cash basis. */
const PNL_ARGS = [
  'report',
  '--db',
  db,
  '--company',
  '1',
  '--kind',
  'pnl',
  '--from',
  '2025-01-01',
  '--to',
  AS_OF,
  '--by',
  'quarter',
  '--basis',
  'cash',
];

beforeAll(async () => {
  const demo = await kira('demo', '--db', db, '--companies', '1', '--expenses', '2000', '--invoices', '400', '--seed', '5');
  expect(demo.code).toBe(0);
}, 60_000);
afterAll(() => tmp.cleanup());

function expected() {
  const d = openDatabase(db, { readonly: true, migrate: false });
  try {
    return {
      aging: aging(d, resolveAging(d, { company: 1, as_of: AS_OF })),
      pnl: pnl(d, resolvePnl(d, { company: 1, from: '2025-01-01', to: '2026-03-31', by: 'quarter', basis: 'cash' })),
    };
  } finally {
    d.close();
  }
}

describe('kira report', () => {
  it("prints the handlers' JSON and a CSV whose last row is the totals", async () => {
    const want = expected();
    const a = await kira('report', '--db', db, '--company', '1', '--kind', 'aging', '--as-of', AS_OF, '--format', 'json');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(want.aging);
    expect(want.aging.totals.total).toBeGreaterThan(0);
    const p = await kira(...PNL_ARGS, '--format', 'json');
    expect(JSON.parse(p.stdout)).toEqual(want.pnl);
    const csv = await kira('report', '--db', db, '--company', '1', '--kind', 'aging', '--as-of', AS_OF, '--format', 'csv');
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('Client,Current,1–30 days,31–60 days,61–90 days,Over 90 days,Total');
    expect(lines).toHaveLength(want.aging.clients.length + 2);
    expect(lines.at(-1)).toBe(
      `Total,${[...want.aging.buckets.map((b) => want.aging.totals[b]), want.aging.totals.total].map((v) => (v / 100).toFixed(2)).join(',')}`,
    );
  }, 60_000);

  it('writes an XLSX a reader reads back: numbers in the currency format, dates as dates, totals', async () => {
    const want = expected().pnl;
    const out = tmp.path('pnl.xlsx');
    const r = await kira(...PNL_ARGS, '--format', 'xlsx', '--out', out);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(readFileSync(out)).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Profit and loss', 'Expenses by category']);
    const ws = wb.getWorksheet('Profit and loss')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'From',
      'To',
      'Revenue',
      'Expenses',
      'Net profit',
      'Revenue a year earlier',
      'Expenses a year earlier',
      'Net a year earlier',
    ]);
    want.periods.forEach((p, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toEqual(new Date(`${p.from}T00:00:00Z`));
      expect(row.getCell(1).numFmt).toBe('yyyy-mm-dd');
      expect(row.getCell(3).value).toBe(p.revenue / 100);
      expect(row.getCell(3).numFmt).toContain('"RM "#,##0.00');
      expect(row.getCell(5).value).toBe(p.net / 100);
    });
    const totals = ws.getRow(want.periods.length + 2);
    expect(totals.getCell(1).value).toBe('Total');
    expect(totals.getCell(4).value).toBe(want.totals.expenses / 100);
    expect(totals.font?.bold).toBe(true);
  }, 60_000);

  it('writes a PDF whose text carries the company, the date and the figures', async () => {
    const want = expected().aging;
    const out = tmp.path('aging.pdf');
    const r = await kira('report', '--db', db, '--company', '1', '--kind', 'aging', '--as-of', AS_OF, '--format', 'pdf', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const bytes = new Uint8Array(readFileSync(out));
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: bytes, useSystemFonts: false }).promise;
    let text = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ') + '\n';
    }
    // Intl separates the symbol with a no-break space; the PDF's text layer gives a plain one.
    const format = moneyFormatter('MYR');
    const money = (minor: number) => format(minor).replace(/\s/g, ' ');
    text = text.replace(/\s+/g, ' ');
    expect(text).toContain('Aged receivables');
    expect(text).toContain(want.company_name);
    expect(text).toContain(AS_OF);
    expect(text).toContain(money(want.totals.total));
    expect(text).toContain(want.clients[0]!.name);
    expect(text).toContain(money(want.clients[0]!.total));
  }, 60_000);

  it('exits 2 with a message naming the flag on bad input', async () => {
    const bad = await kira('report', '--db', db, '--company', '1', '--kind', 'aging', '--as-of', '2026-13-01', '--format', 'json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of');
    expect((await kira('report', '--db', db, '--company', '1', '--kind', 'pnl', '--format', 'doc')).code).toBe(2);
    expect((await kira('report', '--db', db, '--company', '1', '--kind', 'aging', '--from', '2026-01-01', '--format', 'json')).code).toBe(
      2,
    );
    expect((await kira('report', '--db', db, '--company', '99', '--kind', 'aging', '--format', 'json')).code).toBe(2);
  }, 60_000);
});
