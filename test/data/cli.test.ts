import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { openDatabase } from '../../src-engine/store/open.js';
import { kira } from '../helpers/kira-cli.js';
import { tempDir } from '../helpers/tmp.js';
import { digestFile } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
}, 180_000);
afterAll(() => tmp.cleanup());

describe('kira demo / export / import through bin/kira.js', () => {
  it('creates demo books, exports them, re-imports into another database and exports the same file', async () => {
    const db = tmp.path('demo.db');
    const demo = await kira('demo', '--db', db, '--companies', '2', '--expenses', '400', '--invoices', '60', '--seed', '3');
    expect(demo.stderr).toMatch(/demo done in/);
    expect(demo).toMatchObject({ code: 0, stdout: 'companies: 1, 2\n' });

    const out = tmp.path('expenses.csv');
    expect((await kira('export', '--db', db, '--company', '1', '--kind', 'expenses', '--format', 'csv', '--out', out)).code).toBe(0);
    const stdout = await kira('export', '--db', db, '--company', '1', '--kind', 'expenses', '--format', 'csv');
    expect(stdout.stdout).toBe(readFileSync(out, 'utf8'));

    const copy = tmp.path('copy.db');
    expect((await kira('demo', '--db', copy, '--companies', '1', '--expenses', '0', '--invoices', '0')).code).toBe(0);
    const imp = await kira('import', '--db', copy, '--company', '1', '--kind', 'expenses', out);
    expect(imp).toMatchObject({ code: 0 });
    expect(imp.stdout).toMatch(/imported 200 expenses/);
    const again = await kira('export', '--db', copy, '--company', '1', '--kind', 'expenses');
    expect(again.stdout).toBe(stdout.stdout);
    const check = openDatabase(copy);
    expect(compareRollups(check)).toEqual([]);
    check.close();
  });

  it('exits 1 on a rejected import, printing the bad lines, and changes nothing', async () => {
    const db = tmp.path('reject.db');
    await kira('demo', '--db', db, '--companies', '1', '--expenses', '50', '--invoices', '5');
    const file = tmp.path('bad.csv');
    writeFileSync(file, 'date,category,amount\n2026-01-01,travel,1.00\n2026-01-02,travel,-1\n');
    const before = digestFile(db);
    const r = await kira('import', '--db', db, '--company', '1', '--kind', 'expenses', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing imported: 1 bad row:\n {2}line 3, amount: must not be negative \(got "-1"\)/);
    expect(digestFile(db)).toBe(before);

    const report = tmp.path('report.csv');
    const good = await kira('import', '--db', db, '--company', '1', '--kind', 'expenses', '--good-rows', '--report', report, file);
    expect(good.code).toBe(0);
    expect(readFileSync(report, 'utf8')).toBe('line,column,reason,value\n3,amount,must not be negative,-1\n');
  });

  it('prints usage errors with exit code 2 and help with 0', async () => {
    const r = await kira('export', '--db', tmp.path('x.db'), '--company', '1', '--kind', 'receipts');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--kind must be one of expenses, invoices, not "receipts"/);
    const help = await kira('import', '--help');
    expect(help).toMatchObject({ code: 0 });
    expect(help.stdout).toMatch(/Usage: kira import/);
  });
});
