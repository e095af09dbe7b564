/** The response cache through the real server: freshness after writes, exact invalidation, ETags, bypass. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExpense, startFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.close());

const expensesOf = async (r: Response) => ((await r.json()) as { expenses: { value: number } }).expenses.value;
const stats = () => f.server.cache.stats();

describe('freshness', () => {
  it('a write followed at once by a read never sees the stale figure', async () => {
    const before = await expensesOf(await f.get(`/api/dashboard/overview?company=${f.ids.a}`));
    const cached = await f.get(`/api/dashboard/overview?company=${f.ids.a}`);
    expect(cached.headers.get('x-cache')).toBe('hit');
    addExpense(f.server.store, f.ids.a, '2024-03-10', 2_500);
    const after = await f.get(`/api/dashboard/overview?company=${f.ids.a}`);
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(await expensesOf(after)).toBe(before + 2_500);
  });
});

describe('exact invalidation', () => {
  it("a write to company A keeps B's entries and A's entries whose window ends before the change", async () => {
    const aMarch = `/api/dashboard/overview?company=${f.ids.a}`;
    const aJanuary = `/api/dashboard/overview?company=${f.ids.a}&from=2024-01-01&to=2024-01-31`;
    const bMarch = `/api/dashboard/overview?company=${f.ids.b}`;
    for (const p of [aMarch, aJanuary, bMarch]) await f.get(p);

    addExpense(f.server.store, f.ids.a, '2024-03-12', 100);

    const s0 = stats();
    expect((await f.get(bMarch)).headers.get('x-cache')).toBe('hit');
    expect((await f.get(aJanuary)).headers.get('x-cache')).toBe('hit');
    const s1 = stats();
    expect(s1.hits - s0.hits).toBe(2);
    expect(s1.misses - s0.misses).toBe(0);
    expect((await f.get(aMarch)).headers.get('x-cache')).toBe('miss');
    expect(stats().misses - s1.misses).toBe(1);
  });

  it('a change dated before a window invalidates it too (outstanding and active clients accumulate)', async () => {
    const aMarch = `/api/dashboard/stats?company=${f.ids.a}`;
    await f.get(aMarch);
    expect((await f.get(aMarch)).headers.get('x-cache')).toBe('hit');
    addExpense(f.server.store, f.ids.a, '2023-06-01', 100);
    expect((await f.get(aMarch)).headers.get('x-cache')).toBe('miss');
  });
});

describe('warming and refresh', () => {
  it('warms the common views of every company at start', async () => {
    for (const path of ['overview', 'stats', 'kpis', 'breakdown', 'trends', 'realtime/aggregate']) {
      const r = await f.get(`/api/dashboard/${path}?company=${f.ids.b}`);
      expect(r.headers.get('x-cache'), path).toBe('hit');
    }
  });

  it("refresh clears the company's entries and re-warms them, saying what it did", async () => {
    const r = await fetch(`${f.server.url}/api/dashboard/refresh?company=${f.ids.b}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.server.token}` },
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { company: number; cleared: number; warmed: string[]; duration_ms: number };
    expect(body.company).toBe(f.ids.b);
    expect(body.cleared).toBeGreaterThanOrEqual(6);
    expect(body.warmed).toEqual([
      'dashboard.overview',
      'dashboard.stats',
      'dashboard.kpis',
      'dashboard.breakdown',
      'dashboard.trends',
      'dashboard.realtimeAggregate',
    ]);
    expect(typeof body.duration_ms).toBe('number');
    expect((await f.get(`/api/dashboard/kpis?company=${f.ids.b}`)).headers.get('x-cache')).toBe('hit');
  });
});

describe('ETag and Cache-Control', () => {
  it('answers a matching If-None-Match with an empty 304', async () => {
    const first = await f.get(`/api/dashboard/kpis?company=${f.ids.a}`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await f.get(`/api/dashboard/kpis?company=${f.ids.a}`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await f.get(`/api/dashboard/kpis?company=${f.ids.a}`, { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
  });

  it('Cache-Control: no-cache recomputes and stores the fresh copy', async () => {
    const path = `/api/dashboard/breakdown?company=${f.ids.a}`;
    await f.get(path);
    const c0 = stats().computations;
    const bypass = await f.get(path, { 'cache-control': 'no-cache' });
    expect(bypass.headers.get('x-cache')).toBe('bypass');
    expect(stats().computations - c0).toBe(1);
    expect((await f.get(path)).headers.get('x-cache')).toBe('hit');
  });

  it('equivalent parameters share one entry (defaults resolved, order ignored)', async () => {
    const c0 = stats().computations;
    await f.get(`/api/dashboard/trends?company=${f.ids.a}&periods=6&granularity=month`);
    await f.get(`/api/dashboard/trends?granularity=month&periods=6&company=${f.ids.a}&basis=accrual`);
    expect(stats().computations - c0).toBe(1);
  });
});

describe('single flight over HTTP', () => {
  it('N concurrent cold requests for one key compute once', async () => {
    const path = `/api/dashboard/overview?company=${f.ids.a}&from=2024-02-01&to=2024-02-29`;
    const c0 = stats().computations;
    const bodies = await Promise.all(Array.from({ length: 8 }, () => f.get(path).then((r) => r.text())));
    expect(new Set(bodies).size).toBe(1);
    expect(stats().computations - c0).toBe(1);
  });
});
