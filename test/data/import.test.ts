import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCsv } from '../../src-engine/data/csv-import.js';
import { generateDemo } from '../../src-engine/data/demo.js';
import type { ChangeEvent } from '../../src-engine/store/changes.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { addCompany, csvStream, digestTables } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let company: number;
beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.path('books.db'));
  generateDemo(store, { companies: 1, expenses: 200, invoices: 40, today: '2026-03-15' });
  company = addCompany(store.db);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const HEADER = 'date,category,description,amount,reimbursable,client\n';

describe('expenses import, all-or-nothing', () => {
  it('imports a clean file with a BOM, CRLF line ends, quoted commas and labels, creating unknown clients', async () => {
    const events: ChangeEvent[] = [];
    store.changes.subscribe((e) => events.push(e));
    const text =
      '\uFEFF Amount ,DATE,Category,Description,Client,Reimbursable\r\n' +
      '1234.50,2026-03-01,travel,"Flight, KUL to SIN",Acme Sdn Bhd,yes\r\n' +
      '12,2026-03-02,Meals & Entertainment,"Lunch ""with"" client",acme sdn bhd,0\r\n' +
      '0.05,2026-02-27,OFFICE_SUPPLIES,,,\r\n';
    const r = await importCsv(store, company, 'expenses', csvStream(text));
    expect(r).toMatchObject({ imported: 3, rejected: 0, errors: [], created_clients: 1 });
    const rows = store.db
      .prepare('SELECT date, category, description, amount, reimbursable, client_id FROM expenses WHERE company_id = ? ORDER BY id')
      .all(company);
    const clientId = store.db.prepare("SELECT id FROM clients WHERE company_id = ? AND name = 'Acme Sdn Bhd'").pluck().get(company);
    expect(rows).toEqual([
      { date: '2026-03-01', category: 'travel', description: 'Flight, KUL to SIN', amount: 123450, reimbursable: 1, client_id: clientId },
      { date: '2026-03-02', category: 'meals', description: 'Lunch "with" client', amount: 1200, reimbursable: 0, client_id: clientId },
      { date: '2026-02-27', category: 'office_supplies', description: '', amount: 5, reimbursable: 0, client_id: null },
    ]);
    expect(compareRollups(store.db)).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ companyId: company, source: 'import', rows: 3, dates: ['2026-02-27', '2026-03-01', '2026-03-02'] });
  });

  it('rejects a file with any bad row, changes nothing and reports each bad field by its line in the file', async () => {
    const before = digestTables(store.db);
    const text =
      HEADER +
      '2026-03-01,travel,ok,10.00,no,\n' + // 2
      '2026-02-30,travel,bad date,10.00,no,\n' + // 3
      '2026-03-01,flying,unknown category,10.00,no,\n' + // 4
      '2026-03-01,travel,"a quoted\nmulti-line\ndescription",-5.00,no,\n' + // 5-7
      '2026-03-01,travel,wrong type,ten,maybe,\n' + // 8
      '2026-03-01,travel,absurd,99999999999999999999,no,\n' + // 9
      '2026-03-01,travel,too precise,1.234,no,\n' + // 10
      '2026-03-01,travel,missing field\n' + // 11
      '\n' + // 12 (empty, skipped)
      '2026-03-01,,no category,1,no,\n'; // 13
    const r = await importCsv(store, company, 'expenses', csvStream(text));
    expect(r.imported).toBe(0);
    expect(r.rejected).toBe(8);
    expect(r.errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [3, 'date', '2026-02-30'],
      [4, 'category', 'flying'],
      [5, 'amount', '-5.00'],
      [8, 'amount', 'ten'],
      [8, 'reimbursable', 'maybe'],
      [9, 'amount', '99999999999999999999'],
      [10, 'amount', '1.234'],
      [11, '', ''],
      [13, 'category', ''],
    ]);
    expect(r.errors[2]!.reason).toBe('must not be negative');
    expect(r.errors[7]!.reason).toBe('expected 6 fields, found 3');
    expect(r.error_count).toBe(9);
    expect(digestTables(store.db)).toBe(before);
  });

  it('refuses a file without the required columns, naming them', async () => {
    const before = digestTables(store.db);
    await expect(importCsv(store, company, 'expenses', csvStream('when,what,how much\n2026-01-01,x,1\n'))).rejects.toThrow(
      /line 1: missing columns date, category, amount/,
    );
    await expect(importCsv(store, company, 'expenses', csvStream(''))).rejects.toThrow(/empty/);
    await expect(importCsv(store, company, 'expenses', csvStream('date,category,amount\n2026-01-01,"travel,1\n'))).rejects.toThrow(
      /not a valid CSV file/,
    );
    expect(digestTables(store.db)).toBe(before);
  });

  it('refuses an unknown company', async () => {
    await expect(importCsv(store, 999, 'expenses', csvStream(HEADER))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('garbage input', () => {
  it('rejects 100 MB of random bytes early, without reading the whole file', async () => {
    const path = tmp.path('garbage.csv');
    const out = createWriteStream(path);
    for (let i = 0; i < 100; i++) if (!out.write(randomBytes(1024 * 1024))) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    const before = digestTables(store.db);
    const progress: number[] = [];
    await expect(
      importCsv(store, company, 'expenses', createReadStream(path), { onProgress: (p) => progress.push(p.bytes) }),
    ).rejects.toMatchObject({ code: 'invalid_csv', message: expect.stringMatching(/not a CSV text file/) });
    expect(progress).toEqual([]); // refused in the first chunk, before any row was staged
    expect(digestTables(store.db)).toBe(before);
  });

  it('enforces the byte cap and the record size cap', async () => {
    const big = HEADER + '2026-03-01,travel,x,1,no,\n'.repeat(1000);
    await expect(importCsv(store, company, 'expenses', csvStream(big), { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    const long = HEADER + `2026-03-01,travel,"${'x'.repeat(5000)}",1,no,\n`;
    await expect(importCsv(store, company, 'expenses', csvStream(long), { maxRecordChars: 1000 })).rejects.toThrow(
      /longer than the import limit/,
    );
  });
});

describe('an upload cut off mid-body', () => {
  it('is a 400 saying the file did not arrive, and writes nothing', async () => {
    const before = digestTables(store.db);
    function* cutOff() {
      yield HEADER + '2026-03-01,travel,taxi,12.50,no,\n';
      // What Node's HTTP request stream raises when the client goes away before the end of the body.
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    await expect(importCsv(store, company, 'expenses', Readable.from(cutOff()))).rejects.toMatchObject({
      kind: 'invalid',
      code: 'incomplete_upload',
    });
    expect(digestTables(store.db)).toBe(before);
  });
});

describe('good-rows mode', () => {
  it('imports the valid rows and writes a CSV report of the others', async () => {
    const chunks: string[] = [];
    const text = HEADER + '2026-03-01,travel,ok,10.00,no,\n2026-13-01,travel,bad,1,no,\n2026-03-02,rent,"ok, two",20,true,\n';
    const r = await importCsv(store, company, 'expenses', csvStream(text), { mode: 'good-rows', report: { write: (c) => chunks.push(c) } });
    expect(r).toMatchObject({ imported: 2, rejected: 1 });
    expect(chunks.join('')).toBe('line,column,reason,value\n3,date,not a calendar date YYYY-MM-DD,2026-13-01\n');
    expect(store.db.prepare('SELECT COUNT(*) FROM expenses WHERE company_id = ?').pluck().get(company)).toBe(2);
    expect(compareRollups(store.db)).toEqual([]);
  });
});

describe('invoices import', () => {
  const IH = 'number,client,status,issue_date,due_date,paid_date,subtotal,tax,total\n';

  it('checks status, paid date, totals, dates and number uniqueness (file and company)', async () => {
    const existing = store.db.prepare('SELECT number FROM invoices WHERE company_id = 1 LIMIT 1').pluck().get() as string;
    store.db.prepare("INSERT INTO clients (company_id, name, created_date) VALUES (?, 'Old Client', '2025-01-01')").run(company);
    store.db
      .prepare(
        `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, subtotal, tax, total)
      VALUES (?, 'INV-2026-0001', (SELECT id FROM clients WHERE company_id = ?), 'sent', '2026-01-01', '2026-01-31', 100, 0, 100)`,
      )
      .run(company, company);
    const before = digestTables(store.db);
    const text =
      IH +
      'INV-2026-0100,A,paid,2026-01-01,2026-01-31,2026-02-03,100.00,6.00,106.00\n' + // 2 ok
      'INV-2026-0101,A,lost,2026-01-01,2026-01-31,,100.00,6.00,106.00\n' + // 3 status
      'INV-2026-0102,A,paid,2026-01-01,2026-01-31,,100.00,6.00,106.00\n' + // 4 paid without date
      'INV-2026-0103,A,sent,2026-01-01,2026-01-31,2026-02-01,100.00,6.00,106.00\n' + // 5 date without paid
      'INV-2026-0104,A,sent,2026-01-01,2026-01-31,,100.00,6.00,107.00\n' + // 6 total
      'INV-2026-0100,A,sent,2026-01-01,2026-01-31,,100.00,6.00,106.00\n' + // 7 duplicate in file
      'INV-2026-0001,A,sent,2026-01-01,2026-01-31,,100.00,6.00,106.00\n' + // 8 exists in company
      `${existing},A,sent,2026-01-01,2025-12-31,,100.00,6.00,106.00\n`; // 9 other company's number is fine; due before issue is not
    const r = await importCsv(store, company, 'invoices', csvStream(text));
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'status'],
      [4, 'paid_date'],
      [5, 'paid_date'],
      [6, 'total'],
      [7, 'number'],
      [8, 'number'],
      [9, 'due_date'],
    ]);
    expect(r.imported).toBe(0);
    expect(digestTables(store.db)).toBe(before);
  });

  it('imports invoices with one line each, derives the tax rate and raises the number sequence', async () => {
    const text =
      IH +
      'INV-2026-0100,Beta Sdn Bhd,paid,2026-01-01,2026-01-31,2026-02-03,100.00,6.00,106.00\nX-1,Beta Sdn Bhd,draft,2026-01-05,2026-02-04,,50,0,50\n';
    const r = await importCsv(store, company, 'invoices', csvStream(text));
    expect(r).toMatchObject({ imported: 2, rejected: 0, created_clients: 1 });
    expect(store.db.prepare('SELECT number, tax_rate_bp, total FROM invoices WHERE company_id = ? ORDER BY id').all(company)).toEqual([
      { number: 'INV-2026-0100', tax_rate_bp: 600, total: 10600 },
      { number: 'X-1', tax_rate_bp: 0, total: 5000 },
    ]);
    expect(
      store.db
        .prepare('SELECT COUNT(*), SUM(line_total) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.company_id = ?')
        .raw()
        .get(company),
    ).toEqual([2, 15000]);
    expect(
      store.db.prepare("SELECT last FROM number_sequences WHERE company_id = ? AND kind = 'INV' AND year = 2026").pluck().get(company),
    ).toBe(100);
    expect(compareRollups(store.db)).toEqual([]);
  });
});

describe('report file from good-rows mode is valid CSV', () => {
  it('quotes reasons and values that contain commas', async () => {
    const chunks: string[] = [];
    await importCsv(store, company, 'expenses', csvStream(HEADER + '2026-03-01,"no, such",x,1,no,\n'), {
      mode: 'good-rows',
      report: { write: (c) => chunks.push(c) },
    });
    expect(chunks.join('').split('\n')[1]).toBe(
      '2,category,unknown category (use a code such as travel or a label such as Travel & Transportation),"no, such"',
    );
  });
});
