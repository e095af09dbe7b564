/**
 * The cache-hit path is part of the HTTP layer: cached views are answered by it (its counts prove it, so switching
 * it off fails here), everything else goes to fastify's routing, and a remembered URL → key never outlives the
 * second its "today" was resolved in, nor a change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExpense, NOW, rawRequest, startFixture, type Fixture } from './helpers.js';

let f: Fixture;
let clock = NOW.getTime();
beforeAll(async () => {
  f = await startFixture({ now: () => new Date(clock), warm: false });
});
afterAll(() => f.close());

const stats = () => f.server.app.hitPath.stats();

describe('cache-hit path', () => {
  it('answers every cached request, and hands misses and other routes to fastify', async () => {
    const paths = [
      `/api/dashboard/overview?company=${f.ids.a}&from=2024-01-01&to=2024-02-29`,
      `/api/dashboard/kpis?company=${f.ids.a}`,
      `/api/dashboard/trends?company=${f.ids.b}&granularity=week&periods=4`,
      `/api/reports/aging?company=${f.ids.a}`,
    ];
    for (const p of paths) {
      const before = stats();
      const miss = await f.get(p);
      expect(miss.status).toBe(200);
      expect(miss.headers.get('x-cache')).toBe('miss');
      const body = await miss.text();
      // The miss was computed by the full path: handed on, not answered.
      expect(stats()).toEqual({ answered: before.answered, passed: before.passed + 1 });
      const n = 12;
      for (let i = 0; i < n; i++) {
        const hit = await f.get(p);
        expect(hit.headers.get('x-cache')).toBe('hit');
        expect(await hit.text()).toBe(body);
      }
      expect(stats()).toEqual({ answered: before.answered + n, passed: before.passed + 1 });
    }
    const before = stats();
    expect((await f.get('/api/companies')).status).toBe(200);
    expect(stats()).toEqual({ answered: before.answered, passed: before.passed + 1 });
  });

  it('has every answer it gave counted by a metrics scrape right after (its answers are recorded in batches)', async () => {
    const path = `/api/dashboard/stats?company=${f.ids.b}`;
    const count = async () => {
      const text = await (await f.get('/api/dashboard/metrics')).text();
      return Number(/^kira_http_requests_total\{route="dashboard\.stats",status="200"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    await f.get(path);
    const before = await count();
    const answered = stats().answered;
    for (let i = 0; i < 7; i++) expect((await f.get(path)).headers.get('x-cache')).toBe('hit');
    expect(stats().answered).toBe(answered + 7);
    expect(await count()).toBe(before + 7);
  });

  it('leaves every refusal and every other spelling of a cached route to fastify', async () => {
    const path = `/api/dashboard/overview?company=${f.ids.a}&from=2024-01-01&to=2024-01-31`;
    const auth = { authorization: `Bearer ${f.server.token}` };
    expect((await f.get(path)).status).toBe(200);
    expect((await f.get(path)).headers.get('x-cache')).toBe('hit');
    const before = stats();
    const refusals = [
      await rawRequest(f.server.port, { path, headers: { host: `127.0.0.1:${f.server.port}` } }),
      await rawRequest(f.server.port, { path, headers: { ...auth, host: 'evil.example' } }),
      await rawRequest(f.server.port, { path, headers: { ...auth, host: `127.0.0.1:${f.server.port}`, origin: 'http://evil.example' } }),
      await rawRequest(f.server.port, { path: `${path}&company=${f.ids.b}`, headers: { ...auth, host: `127.0.0.1:${f.server.port}` } }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 403, 403, 400]);
    // Other spellings of the same route are answered by the full path, which authenticates by the matched route.
    const spellings = [
      `/api/dashboard/%6Fverview?company=${f.ids.a}&from=2024-01-01&to=2024-01-31`,
      `/api//dashboard/overview?company=${f.ids.a}&from=2024-01-01&to=2024-01-31`,
    ];
    for (const s of spellings) {
      expect((await rawRequest(f.server.port, { path: s, headers: { host: `127.0.0.1:${f.server.port}` } })).status).toBe(401);
    }
    const bypass = await f.get(path, { 'cache-control': 'no-cache' });
    expect(bypass.headers.get('x-cache')).toBe('bypass');
    expect(stats()).toEqual({ answered: before.answered, passed: before.passed + refusals.length + spellings.length + 1 });
  });

  it('resolves "today" again once the clock leaves the second it was resolved in (midnight in the company\'s zone)', async () => {
    // Kuala Lumpur (UTC+8): 2024-03-21 starts at 2024-03-20T16:00:00Z.
    clock = Date.parse('2024-03-20T15:59:59.400Z');
    const path = `/api/dashboard/overview?company=${f.ids.a}`;
    const first = await f.get(path);
    expect(first.status).toBe(200);
    const before = (await (await f.get(path)).json()) as { period: { to: string } };
    expect(before.period.to).toBe('2024-03-20');
    clock = Date.parse('2024-03-20T16:00:00.100Z');
    const after = await f.get(path);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(((await after.json()) as { period: { to: string } }).period.to).toBe('2024-03-21');
    clock = NOW.getTime();
  });

  it('forgets remembered keys on a change: a write is never answered from before it, a new time zone is resolved again', async () => {
    const path = `/api/dashboard/overview?company=${f.ids.a}`;
    const get = async () => {
      const r = await f.get(path);
      return { cache: r.headers.get('x-cache'), body: await r.text() };
    };
    await get();
    const hit = await get();
    expect(hit.cache).toBe('hit');
    addExpense(f.server.store, f.ids.a, '2024-03-10', 12_345);
    const afterWrite = await get();
    expect(afterWrite.cache).toBe('miss');
    expect(afterWrite.body).not.toBe(hit.body);
    let before = stats();
    expect((await get()).cache).toBe('hit');
    expect(stats().answered).toBe(before.answered + 1);

    // Honolulu (UTC-10): NOW is still 2024-03-19 there, so the default period (month to date) ends a day earlier.
    f.server.store.db.prepare("UPDATE companies SET time_zone = 'Pacific/Honolulu' WHERE id = ?").run(f.ids.a);
    f.server.store.changes.publish({ companyId: f.ids.a, tables: ['companies'], dates: [], source: 'write', rows: 1 });
    const moved = await f.get(path);
    expect(moved.headers.get('x-cache')).toBe('miss');
    expect(((await moved.json()) as { period: { to: string } }).period.to).toBe('2024-03-19');
    // The next request is a hit of the new key, answered by the hit path (a remembered old key would miss).
    before = stats();
    expect((await get()).cache).toBe('hit');
    expect(stats().answered).toBe(before.answered + 1);
  });
});
