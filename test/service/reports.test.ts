/**
 * /api/reports/aging and /api/reports/pnl over a real server on a loopback port: the spec's JSON, cached and
 * invalidated like the dashboard views, the same answer over IPC, 400/404 in the one error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoice, setInvoiceStatus } from '../../src-engine/store/writes/invoices.js';
import { createExpense } from '../../src-engine/store/writes/expenses.js';
import { NOW, startFixture, type Fixture } from './helpers.js';

let f: Fixture;
let client: number;
let late: number;
beforeAll(async () => {
  f = await startFixture();
  const store = f.server.store;
  client = store.db.prepare('SELECT id FROM clients WHERE company_id = ?').pluck().get(f.ids.a) as number;
  const at = new Date('2024-01-10T04:00:00Z');
  const inv = (issue: string, due: string, unit_price: number) =>
    createInvoice(
      store,
      f.ids.a,
      { client_id: client, status: 'sent', issue_date: issue, due_date: due, lines: [{ description: 'Work', quantity: 1, unit_price }] },
      at,
    );
  late = inv('2023-10-01', '2023-11-01', 400_00).id; // 140 days past due on 2024-03-20
  inv('2024-01-05', '2024-02-04', 250_00); // 45 days
  inv('2024-03-01', '2024-03-31', 100_00); // current
  createExpense(store, f.ids.a, { date: '2024-02-10', category: 'rent', amount: 1_500_00 });
  createExpense(store, f.ids.a, { date: '2023-02-10', category: 'rent', amount: 1_400_00 });
});
afterAll(() => f.close());

const json = async (path: string) => {
  const res = await f.get(path);
  return { status: res.status, cache: res.headers.get('x-cache'), body: (await res.json()) as Record<string, unknown> };
};

describe('GET /api/reports/aging', () => {
  it('buckets what is owed on the as-of date by client, with the invoices behind each cell', async () => {
    const { status, body } = await json(`/api/reports/aging?company=${f.ids.a}&detail=true`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      company: f.ids.a,
      currency: 'MYR',
      as_of: '2024-03-20',
      buckets: ['current', '1_30', '31_60', '61_90', 'over_90'],
      totals: { current: 100_00, '1_30': 0, '31_60': 250_00, '61_90': 0, over_90: 400_00, total: 750_00 },
    });
    const [row] = body.clients as {
      client_id: number;
      total: number;
      invoices: { bucket: string; total: number; days_past_due: number }[];
    }[];
    expect(row).toMatchObject({
      client_id: client,
      name: 'Alpha Client One',
      current: 100_00,
      '31_60': 250_00,
      over_90: 400_00,
      total: 750_00,
    });
    expect(row!.invoices.map((i) => [i.bucket, i.days_past_due, i.total])).toEqual([
      ['over_90', 140, 400_00],
      ['31_60', 45, 250_00],
      ['current', -11, 100_00],
    ]);
  });

  it("is cached, and a payment today leaves an earlier as-of date alone while today's report changes", async () => {
    const past = `/api/reports/aging?company=${f.ids.a}&as_of=2024-02-29`;
    const today = `/api/reports/aging?company=${f.ids.a}`;
    const before = await json(past);
    await json(today);
    expect((await json(past)).cache).toBe('hit');
    setInvoiceStatus(f.server.store, f.ids.a, late, { status: 'paid' }, NOW);
    const after = await json(past);
    expect(after.body).toEqual(before.body);
    const now = await json(today);
    expect(now.cache).toBe('miss');
    expect(now.body.totals).toMatchObject({ over_90: 0, total: 350_00 });
  });

  it('drills into one client: its invoices and cells only', async () => {
    const { body } = await json(`/api/reports/aging?company=${f.ids.a}&as_of=2024-02-29&client=${client}`);
    const clients = body.clients as { client_id: number; total: number; invoices: { total: number }[] }[];
    expect(clients.map((c) => c.client_id)).toEqual([client]);
    expect(clients[0]!.invoices.reduce((s, i) => s + i.total, 0)).toBe(clients[0]!.total);
  });

  it('answers the same over IPC through the registry', async () => {
    const http = await json(`/api/reports/aging?company=${f.ids.a}&as_of=2024-01-31`);
    const ipc = await f.server.ipc.invoke('reports.aging', { company: f.ids.a, as_of: '2024-01-31' });
    expect(ipc).toEqual({ status: 200, body: http.body });
  });

  it('refuses a bad date with 400 naming the parameter, and an unknown company with 404', async () => {
    const bad = await json(`/api/reports/aging?company=${f.ids.a}&as_of=2024-02-30`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: expect.any(String), details: expect.objectContaining({}) } });
    expect(JSON.stringify(bad.body)).toContain('as_of');
    expect((await json('/api/reports/aging?company=999')).status).toBe(404);
    expect((await json(`/api/reports/aging?company=${f.ids.a}&bogus=1`)).status).toBe(400);
  });
});

describe('GET /api/reports/pnl', () => {
  it('gives periods by month with the year before, and totals', async () => {
    const { status, body } = await json(`/api/reports/pnl?company=${f.ids.a}&from=2024-01-01&to=2024-03-20`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ company: f.ids.a, currency: 'MYR', basis: 'accrual', from: '2024-01-01', to: '2024-03-20', by: 'month' });
    const periods = body.periods as {
      from: string;
      to: string;
      revenue: number;
      expenses: number;
      net: number;
      expenses_by_category: Record<string, number>;
      previous_year: { revenue: number; expenses: number; net: number };
    }[];
    expect(periods.map((p) => [p.from, p.to])).toEqual([
      ['2024-01-01', '2024-01-31'],
      ['2024-02-01', '2024-02-29'],
      ['2024-03-01', '2024-03-20'],
    ]);
    expect(periods[0]).toMatchObject({ revenue: 250_00, expenses: 0, net: 250_00 });
    // The fixture's own expense (100.00 travel on 2024-03-05) and the rent above.
    expect(periods[1]).toMatchObject({
      revenue: 0,
      expenses: 1_500_00,
      net: -1_500_00,
      previous_year: { revenue: 0, expenses: 1_400_00, net: -1_400_00 },
    });
    expect(periods[1]!.expenses_by_category.rent).toBe(1_500_00);
    expect(periods[2]).toMatchObject({ revenue: 100_00, expenses: 100_00 });
    expect(body.totals).toMatchObject({ revenue: 350_00, expenses: 1_600_00, net: 350_00 - 1_600_00 });
  });

  it('by quarter on the cash basis; 400 for a bad `by` or a reversed range', async () => {
    const { body } = await json(`/api/reports/pnl?company=${f.ids.a}&from=2023-10-01&to=2024-03-31&by=quarter&basis=cash`);
    expect((body.periods as { from: string }[]).map((p) => p.from)).toEqual(['2023-10-01', '2024-01-01']);
    expect((await json(`/api/reports/pnl?company=${f.ids.a}&by=week`)).status).toBe(400);
    expect((await json(`/api/reports/pnl?company=${f.ids.a}&from=2024-03-01&to=2024-01-01`)).status).toBe(400);
    expect((await json(`/api/reports/pnl?company=${f.ids.a}&from=2000-01-01&to=2024-01-01`)).status).toBe(400);
  });
});
