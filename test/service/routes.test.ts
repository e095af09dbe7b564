/** Routes generated from the registry: trailing slashes, writes through HTTP, batch, import, and IPC parity. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.close());

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(f.server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${f.server.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('trailing slashes', () => {
  it('answers a route with and without a trailing slash alike', async () => {
    const plain = await f.get(`/api/dashboard/kpis?company=${f.ids.a}`);
    const slash = await f.get(`/api/dashboard/kpis/?company=${f.ids.a}`);
    expect(plain.status).toBe(200);
    expect(slash.status).toBe(200);
    expect(await slash.text()).toBe(await plain.text());
    expect((await f.get('/api/companies/')).status).toBe(200);
  });
});

describe('writes over HTTP', () => {
  it('creates an expense (201) with company as a query parameter, and the overview reflects it at once', async () => {
    const overview = async () =>
      ((await (await f.get(`/api/dashboard/overview?company=${f.ids.b}`)).json()) as { expenses: { value: number } }).expenses.value;
    const before = await overview();
    const r = await send('POST', `/api/expenses?company=${f.ids.b}`, {
      date: '2024-03-15',
      category: 'meals',
      description: 'lunch',
      amount: 4_200,
      reimbursable: false,
    });
    expect(r.status).toBe(201);
    const created = (await r.json()) as { id: number; company_id: number; amount: number };
    expect(created).toMatchObject({ company_id: f.ids.b, amount: 4_200 });
    expect(await overview()).toBe(before + 4_200);

    const patched = await send('PATCH', `/api/expenses/${created.id}?company=${f.ids.b}`, { amount: 5_000 });
    expect(patched.status).toBe(200);
    expect(await overview()).toBe(before + 5_000);
    // Company A cannot reach B's expense by id.
    expect((await send('DELETE', `/api/expenses/${created.id}?company=${f.ids.a}`)).status).toBe(404);
    expect((await send('DELETE', `/api/expenses/${created.id}?company=${f.ids.b}`)).status).toBe(200);
    expect(await overview()).toBe(before);
  });

  it('refuses a bad write body with 400 naming the field', async () => {
    const r = await send('POST', `/api/expenses?company=${f.ids.a}`, { date: '2024-03-15', category: 'yachts', amount: 1 });
    expect(r.status).toBe(400);
    const e = ((await r.json()) as { error: { details: Record<string, unknown> } }).error;
    expect(JSON.stringify(e.details)).toContain('category');
  });

  it('imports a streamed CSV body', async () => {
    const csv = 'date,category,description,amount,reimbursable\n2024-03-02,travel,Grab,12.50,false\n';
    const r = await send('POST', `/api/import/expenses?company=${f.ids.a}`, csv, { 'content-type': 'text/csv' });
    const body = (await r.json()) as { imported: number };
    expect(r.status, JSON.stringify(body)).toBe(200);
    expect(body.imported).toBe(1);
  });
});

describe('batch', () => {
  it('runs several views in one round trip, each with its own status', async () => {
    const r = await send('POST', `/api/dashboard/batch?company=${f.ids.a}`, {
      requests: [{ view: 'stats' }, { view: 'trends', params: { periods: 3 } }, { view: 'overview', params: { from: 'not-a-date' } }],
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      results: { view: string; status: number; body: { buckets?: unknown[]; error?: { details: { param: string } } } }[];
    };
    expect(body.results.map((x) => [x.view, x.status])).toEqual([
      ['stats', 200],
      ['trends', 200],
      ['overview', 400],
    ]);
    expect(body.results[1]!.body.buckets).toHaveLength(3);
    expect(body.results[2]!.body.error!.details.param).toBe('from');
  });
});

describe('IPC dispatcher', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['dashboard.overview', `/api/dashboard/overview?company=1`, { company: 1 }],
    ['dashboard.trends', `/api/dashboard/trends?company=1&periods=4&granularity=week`, { company: 1, periods: 4, granularity: 'week' }],
    ['dashboard.clients', `/api/dashboard/clients?company=1&page_size=5`, { company: 1, page_size: 5 }],
    ['dashboard.overview', `/api/dashboard/overview?from=2024-02-30`, { from: '2024-02-30' }],
    ['dashboard.overview', `/api/dashboard/overview?company=999`, { company: 999 }],
    ['dashboard.trends', `/api/dashboard/trends?periods=0`, { periods: 0 }],
    ['companies.list', `/api/companies`, {}],
    ['expenses.list', `/api/expenses?company=1&page_size=2`, { company: 1, page_size: 2 }],
  ];
  it.each(cases)('%s gives the same status and body as HTTP (%s)', async (name, path, input) => {
    const http = await f.get(path);
    const ipc = await f.server.ipc.invoke(name, input);
    expect(ipc.status).toBe(http.status);
    expect(ipc.body).toEqual(await http.json());
  });

  it('refuses an unknown handler name in the JSON error shape', async () => {
    const r = await f.server.ipc.invoke('fs.readFile', {});
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'not_found' } });
  });
});
