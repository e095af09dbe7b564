/** The cached-hit fast path keeps every check: per-connection auth reuse, the company memo, stable cache keys. */
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstCompanyId, loadCompany, memoizeCompanies } from '../../src-engine/dashboard/company.js';
import { cacheKey } from '../../src-engine/service/common/cache.js';
import { ChangeFeed } from '../../src-engine/store/changes.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { rawRequest, startFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.close());

describe('per-connection token verdicts', () => {
  it('a keep-alive connection that was let in is still refused when it presents a wrong token, then let in again', async () => {
    const client = new Client(f.server.url, { pipelining: 1 });
    try {
      const get = async (auth: string | undefined) => {
        const r = await client.request({ method: 'GET', path: '/api/companies', headers: auth ? { authorization: auth } : {} });
        await r.body.text();
        return r.statusCode;
      };
      expect(await get(`Bearer ${f.server.token}`)).toBe(200);
      expect(await get(`Bearer ${f.server.token}x`)).toBe(401);
      expect(await get(`Bearer ${f.server.token.slice(0, -1)}`)).toBe(401);
      expect(await get(undefined)).toBe(401);
      expect(await get(`Bearer ${f.server.token}`)).toBe(200);
      expect(await get(`Bearer ${f.server.benchToken}`)).toBe(200);
      expect(await get('Bearer wrong-but-long-enough-token')).toBe(401);
    } finally {
      await client.close();
    }
  });
});

describe('company memo', () => {
  it('never remembers a missing company: one added later is found', async () => {
    const id = f.ids.b + 100;
    expect((await f.get(`/api/dashboard/overview?company=${id}`)).status).toBe(404);
    f.server.store.db.prepare("INSERT INTO companies (id, name, created_at) VALUES (?, 'Gamma', '2024-01-01T00:00:00Z')").run(id);
    expect((await f.get(`/api/dashboard/overview?company=${id}`)).status).toBe(200);
  });

  it('is cleared by a change to companies (and a restore), not by other changes', () => {
    const dir = tempDir('kira-company-memo-');
    const store = Store.open(dir.path('k.db'));
    try {
      const db = store.db;
      const id = (
        db.prepare("INSERT INTO companies (name, created_at) VALUES ('Old', '2024-01-01T00:00:00Z') RETURNING id").get() as { id: number }
      ).id;
      const feed = new ChangeFeed();
      const off = memoizeCompanies(db, (l) => feed.subscribe(l));
      expect(loadCompany(db, id).name).toBe('Old');
      expect(firstCompanyId(db)).toBe(id);
      db.prepare("UPDATE companies SET name = 'New' WHERE id = ?").run(id);
      feed.publish({ companyId: id, tables: ['expenses'], dates: ['2024-01-02'], source: 'write', rows: 1 });
      expect(loadCompany(db, id).name).toBe('Old');
      feed.publish({ companyId: id, tables: ['companies'], dates: [], source: 'write', rows: 1 });
      expect(loadCompany(db, id).name).toBe('New');
      db.prepare("UPDATE companies SET name = 'Restored' WHERE id = ?").run(id);
      feed.publish({ companyId: id, tables: ['rollups'], dates: [], source: 'restore', rows: 0 });
      expect(loadCompany(db, id).name).toBe('Restored');
      off();
      db.prepare("UPDATE companies SET name = 'Unmemoized' WHERE id = ?").run(id);
      expect(loadCompany(db, id).name).toBe('Unmemoized');
    } finally {
      store.close();
      dir.cleanup();
    }
  });
});

describe('cacheKey', () => {
  // The key format before the hit path was trimmed: entries and tests rely on equal params giving equal keys.
  const reference = (handler: string, params: Record<string, unknown>) => {
    const keys = Object.keys(params)
      .filter((k) => params[k] !== undefined)
      .sort();
    return `${handler}?${keys.map((k) => `${k}=${JSON.stringify(params[k])}`).join('&')}`;
  };

  it('is the sorted JSON form, whatever the values', () => {
    const cases: Record<string, unknown>[] = [
      {},
      { view: 'overview', company: 1, from: '2024-03-01', to: '2024-03-20', basis: 'accrual', today: '2024-03-20' },
      { z: undefined, a: 'x"y', b: 'é\n', c: '', d: 1.5, e: null, f: true, g: { s: [1, 2] }, h: 'a b', i: 'a&b=c' },
    ];
    for (const p of cases) expect(cacheKey('dashboard.overview', p)).toBe(reference('dashboard.overview', p));
  });
});

describe('cache hits answered before fastify', () => {
  it("give the full path's body, headers and 304, and leave every refusal to it", async () => {
    const path = `/api/dashboard/overview?company=${f.ids.a}&from=2024-01-01&to=2024-02-29`;
    const auth = { authorization: `Bearer ${f.server.token}` };
    const miss = await fetch(f.server.url + path, { headers: auth });
    expect(miss.headers.get('x-cache')).toBe('miss');
    const body = await miss.text();
    const etag = miss.headers.get('etag')!;

    const hit = await fetch(f.server.url + path, { headers: auth });
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-cache')).toBe('hit');
    expect(hit.headers.get('etag')).toBe(etag);
    expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(hit.headers.get('cache-control')).toBe('no-cache');
    expect(await hit.text()).toBe(body);

    const notModified = await fetch(f.server.url + path, { headers: { ...auth, 'if-none-match': etag } });
    expect(notModified.status).toBe(304);

    // Refusals of a request whose answer is cached still come from the one implementation.
    const anonymous = await fetch(f.server.url + path);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const rebinding = await rawRequest(f.server.port, { path, headers: { ...auth, host: 'evil.example' } });
    expect(rebinding.status).toBe(403);
    const repeated = await fetch(`${f.server.url}${path}&company=${f.ids.b}`, { headers: auth });
    expect(repeated.status).toBe(400);

    const metrics = await (await fetch(`${f.server.url}/api/dashboard/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(/route="dashboard\.overview",status="200"/);
    expect(metrics).toMatch(/route="dashboard\.overview",status="304"/);
  });
});
