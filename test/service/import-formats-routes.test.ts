/**
 * The Data page's import routes over real HTTP (loopback, ephemeral port, bearer token) and IPC: preview a bank
 * CSV with an inline mapping, save it by name, import with it, re-import (duplicates), match money in by hand,
 * and bad input answered 4xx in the one error shape. The dashboard's cash revenue is the judge of the match.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src-engine/store/store.js';
import { startFixture, type Fixture } from './helpers.js';

let f: Fixture;
let company: number;
let invoiceId: number;
const ROOT = new URL('../../', import.meta.url).pathname;
const csv = readFileSync(`${ROOT}examples/bank-statement.csv`);
const mapping = readFileSync(`${ROOT}examples/bank-statement.map.json`, 'utf8');

beforeAll(async () => {
  f = await startFixture();
  company = f.ids.a;
  // An open invoice the statement's unknown sender will be matched to by hand (RM 99.00), issued before it.
  const store = Store.open(f.dir.path('kira.db'));
  try {
    const client = store.db
      .prepare("INSERT INTO clients (company_id, name, created_date) VALUES (?, 'Walk-in', '2024-01-05') RETURNING id")
      .get(company) as { id: number };
    invoiceId = (
      store.db
        .prepare(
          "INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, subtotal, tax_rate_bp, tax, total) VALUES (?, 'INV-2026-0100', ?, 'sent', '2026-11-01', '2026-11-30', 9900, 0, 0, 9900) RETURNING id",
        )
        .get(company, client.id) as { id: number }
    ).id;
  } finally {
    store.close();
  }
});
afterAll(() => f.close());

const send = (method: string, path: string, body?: string | Buffer | object, headers: Record<string, string> = {}) =>
  fetch(f.server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${f.server.token}`,
      ...(body !== undefined && !(typeof body === 'string' || Buffer.isBuffer(body)) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
  });
const q = (params: Record<string, string>) => new URLSearchParams({ company: String(company), ...params }).toString();

async function cashRevenue(): Promise<number> {
  const r = await send('GET', `/api/dashboard/overview?${q({ from: '2026-11-01', to: '2026-11-30', basis: 'cash' })}`, undefined, {
    'cache-control': 'no-cache',
  });
  return ((await r.json()) as { revenue: { value: number } }).revenue.value;
}

describe('import routes', () => {
  it('preview without a mapping: needs_mapping with the first lines; with one: the first rows as mapped', async () => {
    const bare = await send('POST', `/api/import/preview?${q({})}`, csv, { 'content-type': 'text/csv' });
    expect(bare.status).toBe(200);
    expect(await bare.json()).toMatchObject({
      format: 'csv',
      needs_mapping: true,
      first_lines: expect.arrayContaining(['Txn Date,Narrative,Debit,Credit']) as unknown,
    });
    const r = await send('POST', `/api/import/preview?${q({ mapping, rows: '2' })}`, csv, { 'content-type': 'text/csv' });
    const p = (await r.json()) as Record<string, unknown>;
    expect(r.status, JSON.stringify(p)).toBe(200);
    expect(p).toMatchObject({ needs_mapping: false, row_count: 6, money_out: 385_240, money_in: 539_900, error_count: 0 });
    expect(p.rows).toEqual([
      { line: 5, date: '2026-11-02', amount: -4_250, payee: '', description: 'GRAB RIDES Trip to client site', category: 'travel' },
      { line: 6, date: '2026-11-03', amount: -18_990, payee: '', description: 'TNB ELECTRICITY Bill Oct 2026', category: 'utilities' },
    ]);
  });

  it('save a mapping by name, import with it (expenses move by the file total), re-import = duplicates', async () => {
    const saved = await send('POST', `/api/import/mappings?${q({})}`, { name: 'Maybank CSV', mapping: JSON.parse(mapping) as object });
    expect(saved.status).toBe(201);
    const list = (await (await send('GET', `/api/import/mappings?${q({})}`)).json()) as { items: { name: string }[] };
    expect(list.items.map((i) => i.name)).toEqual(['Maybank CSV']);
    const before = await cashRevenue();
    const r = await send('POST', `/api/import/statement?${q({ map: 'Maybank CSV' })}`, csv, { 'content-type': 'text/csv' });
    const body = (await r.json()) as {
      imported: number;
      expenses_total: number;
      unmatched: { amount: number; key: string; date: string }[];
    };
    expect(r.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ imported: 4, expenses_total: 385_240 });
    expect(body.unmatched.map((u) => u.amount)).toEqual([530_000, 9_900]);
    const again = (await (
      await send('POST', `/api/import/statement?${q({ map: 'Maybank CSV' })}`, csv, { 'content-type': 'text/csv' })
    ).json()) as { imported: number; duplicates: number };
    expect(again).toMatchObject({ imported: 0, duplicates: 4 });

    // Match the RM 99.00 from the unknown sender to the open invoice by hand: paid on the statement date.
    const u = body.unmatched.find((x) => x.amount === 9_900)!;
    const m = await send('POST', `/api/import/match?${q({})}`, { invoice_id: invoiceId, date: u.date, amount: u.amount, key: u.key });
    expect(m.status, await m.clone().text()).toBe(200);
    expect(await cashRevenue()).toBe(before + 9_900);
    const twice = await send('POST', `/api/import/match?${q({})}`, { invoice_id: invoiceId, date: u.date, amount: u.amount, key: u.key });
    expect(twice.status).toBe(409);
    // A third import no longer lists it: its key is remembered.
    const third = (await (
      await send('POST', `/api/import/statement?${q({ map: 'Maybank CSV' })}`, csv, { 'content-type': 'text/csv' })
    ).json()) as { duplicates: number; unmatched: unknown[] };
    expect(third).toMatchObject({ duplicates: 5 });
    expect(third.unmatched).toHaveLength(1);
  });

  it('over IPC: the same preview from the file text', async () => {
    const r = await f.server.ipc.invoke('import.preview', { company, mapping, body: csv.toString('utf8') });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ row_count: 6 });
  });

  it('bad input is a 4xx in the one error shape', async () => {
    const cases: [string, string | object, number, string][] = [
      [`/api/import/preview?${q({ mapping: '{not json' })}`, 'x', 400, 'invalid_mapping'],
      [`/api/import/statement?${q({ map: 'nope' })}`, 'a,b\n1,2\n', 404, 'not_found'],
      [`/api/import/statement?${q({ format: 'ofx' })}`, '<OFX><BANKMSGSRSV1>', 400, 'invalid_file'],
      [`/api/import/statement?${q({ format: 'xls' })}`, 'x', 400, 'invalid_parameter'],
      // A CSV in other columns with no mapping: nothing can be imported, so the write is refused (not a 2xx).
      [`/api/import/statement?${q({})}`, 'Txn Date,Narrative,Debit\n01/02/2026,Taxi,12.00\n', 422, 'mapping_required'],
      [`/api/import/mappings?${q({})}`, { name: '../etc', mapping: {} }, 400, 'invalid_parameter'],
      [`/api/import/mappings?${q({})}`, { name: 'x', mapping: { columns: { date: 'D' } } }, 400, 'invalid_mapping'],
    ];
    for (const [path, body, status, code] of cases) {
      const r = await send('POST', path, body, typeof body === 'string' ? { 'content-type': 'text/plain' } : {});
      const j = (await r.json()) as { error: { code: string; message: string } };
      expect([path, r.status, j.error.code]).toEqual([path, status, code]);
      expect(j.error.message.length).toBeGreaterThan(5);
    }
  });
});
