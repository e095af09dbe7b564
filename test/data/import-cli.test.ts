/** `kira import` with statements, mappings and dry runs: the real CLI in a child process, on the examples/ files. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-engine/store/open.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { kira, ROOT } from '../helpers/kira-cli.js';
import { tempDir } from '../helpers/tmp.js';
import { digestFile } from './helpers.js';

const EX = `${ROOT}examples/`;

function inDb<T>(path: string, fn: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(path, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeAll(async () => {
  tmp = tempDir();
  db = tmp.path('books.sqlite');
  expect((await kira('companies', 'add', '--db', db, '--name', 'Kedai Contoh Sdn Bhd')).code).toBe(0);
}, 120_000);
afterAll(() => tmp.cleanup());

const imp = (...args: string[]) => kira('import', '--db', db, '--company', '1', ...args);

describe('kira import: mappings', () => {
  it('a foreign CSV without a mapping: its header, how to map it, exit 2 naming --map, nothing written', async () => {
    const before = digestFile(db);
    const r = await imp(`${EX}invoices-export.csv`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs --map');
    expect(r.stderr).toContain('3: Invoice No.,Customer,Invoice Date,Due Date,Status,Date Paid,Amount Excl. Tax,Tax,Total (RM)');
    expect(r.stderr).toContain('--save-map NAME FILE');
    expect(digestFile(db)).toBe(before);
  });

  it('an accounting-software invoice export through its mapping file; again → all duplicates', async () => {
    const r = await imp('--map', `${EX}invoices-export.map.json`, `${EX}invoices-export.csv`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('invoices: imported 5; 0 duplicates');
    expect(r.stdout).toContain('created 3 new client(s)');
    const rows = inDb(db, (d) =>
      d.prepare('SELECT number, status, issue_date, paid_date, subtotal, tax, total FROM invoices ORDER BY number').all(),
    );
    expect(rows).toEqual([
      {
        number: 'INV-2026-0001',
        status: 'sent',
        issue_date: '2026-10-01',
        paid_date: null,
        subtotal: 500_000,
        tax: 30_000,
        total: 530_000,
      },
      {
        number: 'INV-2026-0002',
        status: 'paid',
        issue_date: '2026-10-05',
        paid_date: '2026-10-28',
        subtotal: 120_000,
        tax: 7_200,
        total: 127_200,
      },
      { number: 'INV-2026-0003', status: 'sent', issue_date: '2026-10-15', paid_date: null, subtotal: 80_000, tax: 4_800, total: 84_800 },
      {
        number: 'INV-2026-0004',
        status: 'draft',
        issue_date: '2026-11-03',
        paid_date: null,
        subtotal: 250_000,
        tax: 15_000,
        total: 265_000,
      },
      {
        number: 'INV-2026-0005',
        status: 'cancelled',
        issue_date: '2026-11-10',
        paid_date: null,
        subtotal: 40_000,
        tax: 2_400,
        total: 42_400,
      },
    ]);
    const again = await imp('--map', `${EX}invoices-export.map.json`, '--json', `${EX}invoices-export.csv`);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, duplicates: 5, rejected: 0 });
  });

  it('--save-map NAME then --map NAME --dry-run: says what would happen, changes nothing', async () => {
    expect((await imp('--save-map', 'Maybank CSV', `${EX}bank-statement.map.json`)).stdout).toContain('saved mapping "Maybank CSV"');
    const before = digestFile(db);
    const r = await imp('--map', 'Maybank CSV', '--dry-run', '--json', `${EX}bank-statement.csv`);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      dry_run: true,
      imported: 5,
      expenses: 4,
      payments: 1,
      expenses_total: 385_240,
      payments_total: 530_000,
      duplicates: 0,
    });
    expect(out.matched).toEqual([
      { line: 7, date: '2026-11-05', amount: 530_000, invoice_id: 1, number: 'INV-2026-0001', client: 'Acme Trading Sdn Bhd' },
    ]);
    expect(digestFile(db)).toBe(before);
    const unknown = await imp('--map', 'No Such Mapping', `${EX}bank-statement.csv`);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no mapping of that name saved for company 1');
  });
});

describe("kira import --dry-run of Kira's own CSV", () => {
  it('says what would be imported and rejected and changes nothing; the real import then imports exactly that', async () => {
    const file = tmp.path('own-expenses.csv');
    writeFileSync(
      file,
      'date,category,description,amount,reimbursable,client\n2026-10-01,travel,Grab to client,2350,false,\n2026-10-02,meals,Lunch,4800,true,\n',
    );
    const before = digestFile(db);
    const dry = await imp('--kind', 'expenses', '--dry-run', file);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe('would import 2, rejected 0\ndry run: nothing was changed\n');
    expect(digestFile(db)).toBe(before);
    const json = JSON.parse((await imp('--kind', 'expenses', '--dry-run', '--json', file)).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ format: 'kira-csv', dry_run: true, imported: 2, rejected: 0 });
    expect(digestFile(db)).toBe(before);
    const bad = tmp.path('own-expenses-bad.csv');
    writeFileSync(bad, 'date,category,description,amount\n2026-10-01,travel,Taxi,12\n2026-13-40,travel,Taxi,12\n');
    const dryBad = await imp('--kind', 'expenses', '--dry-run', bad);
    expect(dryBad.code).toBe(1);
    expect(dryBad.stderr).toContain('line 3');
    expect(digestFile(db)).toBe(before);
    const real = await imp('--kind', 'expenses', file);
    expect(real.code).toBe(0);
    expect(inDb(db, (d) => d.prepare("SELECT COUNT(*) FROM expenses WHERE description IN ('Grab to client', 'Lunch')").pluck().get())).toBe(
      2,
    );
  });
});

describe('kira import: statements', () => {
  it('OFX pays the matching invoice and books the rest; QFX / OFX 2 of the same account are all duplicates', async () => {
    const r = await imp(`${EX}statement.ofx`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'ofx: imported 5 (4 expenses totalling 3852.40, 1 invoice payments totalling 5300.00); 0 duplicates skipped; 0 rejected',
    );
    expect(r.stdout).toContain('pays invoice INV-2026-0001 (Acme Trading Sdn Bhd)');
    expect(r.stdout).toMatch(/line 59: 99\.00 on 2026-11-12 UNKNOWN SENDER/);
    const paid = inDb(db, (d) => d.prepare("SELECT status, paid_date FROM invoices WHERE number = 'INV-2026-0001'").get());
    expect(paid).toEqual({ status: 'paid', paid_date: '2026-11-05' });
    for (const f of ['statement.qfx', 'statement-v2.ofx']) {
      const again = await imp('--json', `${EX}${f}`);
      expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, duplicates: 5 });
    }
    expect(inDb(db, compareRollups)).toEqual([]);
  });

  it('CAMT.053 and QIF into a fresh copy; an ambiguous QIF date needs --date-format', async () => {
    const fresh = tmp.path('fresh.sqlite');
    expect((await kira('companies', 'add', '--db', fresh, '--name', 'Fresh')).code).toBe(0);
    const camt = await kira('import', '--db', fresh, '--company', '1', '--json', `${EX}statement.camt053.xml`);
    expect(JSON.parse(camt.stdout)).toMatchObject({ format: 'camt', imported: 4, expenses_total: 385_240 });
    const qifFile = tmp.path('early.qif');
    writeFileSync(qifFile, '!Type:Bank\nD3/11/2026\nT-10.00\nPKOPI\n^\n');
    const amb = await kira('import', '--db', fresh, '--company', '1', qifFile);
    expect(amb.code).toBe(1);
    expect(amb.stderr).toContain('ambiguous');
    expect(amb.stderr).toContain('--date-format');
    const ok = await kira('import', '--db', fresh, '--company', '1', '--date-format', 'DD/MM/YYYY', '--json', qifFile);
    expect(JSON.parse(ok.stdout)).toMatchObject({ imported: 1, expenses_total: 1000 });
    expect(inDb(fresh, (d) => d.prepare('SELECT date FROM expenses WHERE amount = 1000').pluck().get())).toBe('2026-11-03');
  });

  it('a rejected line: exit 1, the line named, nothing written; --good-rows writes the rest and the report', async () => {
    const bad = tmp.path('bad.csv');
    writeFileSync(bad, readFileSync(`${EX}bank-statement.csv`, 'utf8').replace('09/11/2026', '2026-11-09'));
    const copy = tmp.path('copy.sqlite');
    copyFileSync(db, copy);
    const before = digestFile(copy);
    const r = await kira('import', '--db', copy, '--company', '1', '--map', `${EX}bank-statement.map.json`, bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 8, Txn Date: "2026-11-09" does not match the date format DD/MM/YYYY');
    expect(digestFile(copy)).toBe(before);
    const report = tmp.path('report.csv');
    const g = await kira(
      'import',
      '--db',
      copy,
      '--company',
      '1',
      '--map',
      `${EX}bank-statement.map.json`,
      '--good-rows',
      '--report',
      report,
      '--json',
      bad,
    );
    expect(g.code).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ rejected: 1 });
    expect(readFileSync(report, 'utf8')).toContain('8,Txn Date,');
  });
});
