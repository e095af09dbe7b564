import { writeFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src-engine/store/store.js';
import { createClient } from '../../src-engine/store/writes/clients.js';
import { createExpense } from '../../src-engine/store/writes/expenses.js';
import { createInvoice } from '../../src-engine/store/writes/invoices.js';
import { tempDir } from '../helpers/tmp.js';
import { kira } from '../helpers/kira-cli.js';
import { ensureEngineBuilt } from './build.js';

beforeAll(() => ensureEngineBuilt(), 180_000);

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  tmp = tempDir('kira-cli-');
  db = tmp.path('books.db');
});
afterEach(() => tmp.cleanup());

describe('kira companies', () => {
  it('adds companies, printing each new id, and lists them as a table or JSON', async () => {
    expect(await kira('companies', 'add', '--db', db, '--name', 'Alpha Sdn Bhd')).toMatchObject({ code: 0, stdout: '1\n' });
    expect(
      await kira('companies', 'add', '--db', db, '--name', 'Beta LLC', '--currency', 'USD', '--time-zone', 'America/New_York'),
    ).toMatchObject({
      code: 0,
      stdout: '2\n',
    });
    const table = await kira('companies', '--db', db);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^id\s+name\s+currency\s+time zone\s+clients\s+invoices\s+expenses\s+quotes\n1\s+Alpha Sdn Bhd\s+MYR\s+Asia\/Kuala_Lumpur\s+0/,
    );
    const json = await kira('companies', '--db', db, '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        id: 1,
        name: 'Alpha Sdn Bhd',
        currency: 'MYR',
        time_zone: 'Asia/Kuala_Lumpur',
        counts: { clients: 0, invoices: 0, expenses: 0, quotes: 0 },
      }),
      expect.objectContaining({ id: 2, name: 'Beta LLC', currency: 'USD', time_zone: 'America/New_York' }),
    ]);
  });

  it('refuses bad input with a message and a non-zero exit', async () => {
    const badZone = await kira('companies', 'add', '--db', db, '--name', 'X', '--time-zone', 'Mars/Base');
    expect(badZone.code).toBe(1);
    expect(badZone.stderr).toMatch(/time_zone must be an IANA time zone/);
    expect((await kira('companies', 'add', '--db', db)).code).toBe(2); // --name missing
    expect((await kira('companies', '--db', tmp.path('missing.db'))).stderr).toMatch(/no database at/);
    expect((await kira('companies', 'remove', '--db', db)).code).toBe(2);
    expect((await kira('companies', '--help')).stdout).toMatch(/kira companies add --db PATH --name NAME/);
  });
});

describe('kira check', () => {
  function seed(): void {
    const store = Store.open(db);
    const { id } = store.db
      .prepare("INSERT INTO companies (name, created_at) VALUES ('Alpha', '2025-01-01T00:00:00Z') RETURNING id")
      .get() as { id: number };
    const client = createClient(store, id, { name: 'Acme', created_date: '2025-01-02' });
    createExpense(store, id, { date: '2025-02-03', category: 'travel', amount: 4200 });
    createInvoice(store, id, {
      client_id: client.id,
      status: 'sent',
      issue_date: '2025-02-01',
      lines: [{ description: 'Work', quantity: 2, unit_price: 5000 }],
    });
    store.close();
  }

  it('prints OK with counts when everything agrees', async () => {
    seed();
    const r = await kira('check', '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^OK: integrity ok, rollups agree \(1 companies, 1 clients, 1 invoices, 1 expenses, 0 quotes; schema v\d+; \d+ ms\)\n$/,
    );
  });

  it('exits 1 and names the table, key and values of a corrupted rollup row', async () => {
    seed();
    const store = Store.open(db);
    store.db.prepare("UPDATE expense_daily SET amount = amount + 1 WHERE day = '2025-02-03'").run();
    store.close();
    const r = await kira('check', '--db', db);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('PROBLEMS FOUND');
    expect(r.stdout).toContain('company 1 (Alpha): expense_daily [day=2025-02-03, category=travel]: stored');
    expect(r.stdout).toMatch(/stored [^;]*amount=4201[^;]*; expected [^\n]*amount=4200/);
    const json = JSON.parse((await kira('check', '--db', db, '--json')).stdout);
    expect(json).toMatchObject({ ok: false, companies: [{ id: 1, mismatches: [{ table: 'expense_daily' }] }] });
  });

  it('reports a file that is not a database, and a missing one, without a stack trace', async () => {
    writeFileSync(db, 'this is not sqlite'.repeat(300));
    const garbage = await kira('check', '--db', db);
    expect(garbage.code).toBe(1);
    expect(garbage.stdout).toMatch(/cannot read .*not a database/);
    const missing = await kira('check', '--db', tmp.path('nope.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no database at/);
    for (const out of [garbage.stdout, garbage.stderr, missing.stderr]) expect(out).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack frames
  });
});
