/**
 * Every CSV file Kira writes comes from core/csv-writer.ts, so hostile text comes out formula-guarded in each:
 * the import error report, the dashboard's CSV export and the benchmark report (kira export: roundtrip.test.ts).
 * And CSV import applies the write API's text rules (one limits module, no control or bidi characters), by line.
 */
import { parse } from 'csv-parse/sync';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderCsv } from '../../src-engine/core/bench/report.js';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import type { ExportParams } from '../../src-engine/core/views/types.js';
import { LIMITS } from '../../src-engine/core/validate/limits.js';
import { exportRows } from '../../src-engine/dashboard/export.js';
import { importCsv } from '../../src-engine/data/csv-import.js';
import { writeExport } from '../../src-engine/service/api/export-writer.js';
import { Store } from '../../src-engine/store/store.js';
import { createExpense } from '../../src-engine/store/writes/expenses.js';
import { resultToCsv } from '../../src-renderer/src/format/bench-report.js';
import { tempDir } from '../helpers/tmp.js';
import { addCompany, csvStream, digestTables } from './helpers.js';

const ATTACKS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3'];
/** A parsed cell a spreadsheet would evaluate. */
const FORMULA = /^[=+\-@\t\r]/;

/** The export of March 2026 as a CSV of `kind`. */
const march = (company: number, kind: ExportParams['kind']): ExportParams => ({
  view: 'export',
  format: 'csv',
  kind,
  company,
  from: '2026-03-01',
  to: '2026-03-31',
  today: '2026-03-31',
  basis: 'accrual',
  granularity: 'month',
  periods: 12,
  sort: 'revenue',
  order: 'desc',
});

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let company: number;
beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.path('books.db'));
  company = addCompany(store.db);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('every CSV writer guards formula-leading text', () => {
  it('the import error report (kira import --good-rows --report)', async () => {
    let report = '';
    const rows = ATTACKS.map((a) => `2026-03-01,${a.includes(',') ? `"${a.replaceAll('"', '""')}"` : a},x,1,no,`).join('\n');
    const r = await importCsv(store, company, 'expenses', csvStream(`date,category,description,amount,reimbursable,client\n${rows}\n`), {
      mode: 'good-rows',
      report: { write: (s) => (report += s) },
    });
    expect(r.rejected).toBe(ATTACKS.length);
    const cells = parse(report);
    expect(cells[0]).toEqual(['line', 'column', 'reason', 'value']);
    expect(cells.slice(1).map((c) => c[3])).toEqual(ATTACKS.map((a) => `'${a}`));
    expect(cells.slice(1).map((c) => c[0])).toEqual(['2', '3', '4', '5']);
  });

  it("the dashboard's CSV export, where negative numbers stay numbers", async () => {
    for (const description of ATTACKS) createExpense(store, company, { date: '2026-03-02', category: 'travel', description, amount: 1500 });
    const table = exportRows(store.db, march(company, 'transactions'));
    const out = new PassThrough();
    const done = text(out);
    writeExport(table, out);
    const csv = await done;
    const cells = parse(csv);
    const description = cells[0]!.indexOf('description');
    expect(cells.slice(1).map((c) => c[description])).toEqual(ATTACKS.map((a) => `'${a}`));
    for (const row of cells) for (const cell of row) expect(cell).not.toMatch(FORMULA);
    expect(csv.endsWith('\r\n')).toBe(true);
    // A number cell is data: a negative change in the overview is written as it is.
    const overview = exportRows(store.db, march(company, 'overview'));
    const negative = { ...overview, rows: [{ figure: 'net_profit', unit: 'minor', value: -1500, previous: 0, change: null }] };
    const out2 = new PassThrough();
    const done2 = text(out2);
    writeExport(negative, out2);
    expect(await done2).toBe('figure,unit,value,previous,change\r\nnet_profit,minor,-1500,0,\r\n');
  });

  it('the benchmark CSV report', () => {
    const scenario = {
      name: '=HYPERLINK("x")',
      type: 'endpoint',
      status: 'ok',
      method: 'GET',
      path: '@SUM(1)',
      model: 'closed',
      requests: 10,
      errors: { status: 0, timeout: 0, connection: 0 },
      success_rate: 1,
      throughput: 99.5,
      bytes_received: 100,
      latency_ms: { min: 1, mean: 2, stddev: 0.5, p50: 2, p90: 3, p95: 3, p99: 4, p999: 4, max: 4 },
      grade: 'A',
      grade_reasons: ['-2+3', 'fast'],
    };
    const csv = renderCsv({ scenarios: [scenario] } as unknown as BenchResult);
    const [head, row] = parse(csv);
    expect(row![head!.indexOf('scenario')]).toBe(`'=HYPERLINK("x")`);
    expect(row![head!.indexOf('path')]).toBe(`'@SUM(1)`);
    expect(row![head!.indexOf('grade_reasons')]).toBe(`'-2+3; fast`);
    expect(row![head!.indexOf('throughput')]).toBe('99.5');
    // The benchmark panel's own CSV download (in the page, where csv-stringify does not load) guards the same way.
    const [pageHead, pageRow] = parse(resultToCsv({ scenarios: [{ ...scenario, error_total: 0 }] } as unknown as BenchResult));
    expect(pageRow![pageHead!.indexOf('scenario')]).toBe(`'=HYPERLINK("x")`);
    expect(pageRow![pageHead!.indexOf('grade_reasons')]).toBe(`'-2+3; fast`);
    expect(pageRow![pageHead!.indexOf('throughput')]).toBe('99.5');
  });
});

describe('CSV import applies the write API text rules, reported by line', () => {
  const HEADER = 'date,category,description,amount,reimbursable,client\n';

  it('refuses C0 controls and bidi overrides in descriptions and client names; allows tab and line breaks in a description', async () => {
    const before = digestTables(store.db);
    const csv =
      HEADER +
      '2026-03-01,travel,bell\u0007here,1,no,\n' +
      '2026-03-01,travel,"form\ffeed",1,no,\n' +
      '2026-03-01,travel,invoice\u202Egnp.exe,1,no,\n' +
      '2026-03-01,travel,iso\u2066late,1,no,\n' +
      '2026-03-01,travel,ok,1,no,Acme\tBhd\n' +
      '2026-03-01,travel,"tab\there and\nline breaks are fine",1,no,\n';
    const r = await importCsv(store, company, 'expenses', csvStream(csv));
    expect(r.imported).toBe(0);
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 'description'],
      [3, 'description'],
      [4, 'description'],
      [5, 'description'],
      [6, 'client'],
    ]);
    expect(r.rejected).toBe(5);
    expect(r.errors[0]!.reason).toMatch(/control characters \(U\+0007/);
    expect(r.errors[2]!.reason).toMatch(/bidirectional .*U\+202E/);
    expect(digestTables(store.db)).toBe(before);
    const good = await importCsv(
      store,
      company,
      'expenses',
      csvStream(HEADER + '2026-03-01,travel,"tab\there and\r\nline breaks",1,no,\n'),
    );
    expect(good.imported).toBe(1);
    expect(store.db.prepare('SELECT description FROM expenses WHERE company_id = ?').pluck().get(company)).toBe(
      'tab\there and\r\nline breaks',
    );
  });

  it("uses the write API's description limit, so an imported row can be saved again through the API", async () => {
    const max = LIMITS.descriptionLength;
    const r = await importCsv(
      store,
      company,
      'expenses',
      csvStream(`${HEADER}2026-03-01,travel,${'x'.repeat(max + 1)},1,no,\n2026-03-01,travel,${'y'.repeat(max)},1,no,\n`),
      { mode: 'good-rows' },
    );
    expect(r.imported).toBe(1);
    expect(r.errors).toMatchObject([{ line: 2, column: 'description', reason: `longer than ${max} characters` }]);
    const id = store.db.prepare('SELECT id FROM expenses WHERE company_id = ?').pluck().get(company) as number;
    const row = store.db.prepare('SELECT date, category, description, amount FROM expenses WHERE id = ?').get(id) as Record<
      string,
      unknown
    >;
    // The imported row passes the API's validation as it is.
    expect(() => createExpense(store, company, row)).not.toThrow();
  });
});
