import { test, expect, tileValue, screenshot, type Overview } from './fixtures.js';

const TILES: [string, (o: Overview) => number | null][] = [
  ['revenue', (o) => o.revenue.value],
  ['expenses', (o) => o.expenses.value],
  ['profit', (o) => o.net_profit.value],
  ['margin', (o) => o.profit_margin.value],
  ['outstanding', (o) => o.outstanding.value],
  ['overdue', (o) => o.overdue.amount.value],
  ['active-clients', (o) => o.clients.active.value],
];

async function expectTilesMatch(page: import('@playwright/test').Page, o: Overview) {
  for (const [id, pick] of TILES) {
    await expect.poll(() => tileValue(page, id), { message: `tile ${id}` }).toBe(String(pick(o) ?? ''));
  }
}

test.describe('dashboard tiles equal the API', () => {
  test('default range, then basis, range and company changes', async ({ kiraPage: page, kira, consoleErrors }) => {
    const first = await kira.api<Overview>('/api/dashboard/overview?company=1');
    await expectTilesMatch(page, first);
    const stats = await kira.api<{ pending_invoices: { count: number } }>('/api/dashboard/stats?company=1');
    await expect.poll(() => tileValue(page, 'pending-invoices')).toBe(String(stats.pending_invoices.count));
    await expect(page.getByTestId('chart-trend')).toBeVisible();
    await screenshot(page, 'dashboard');

    await page.getByTestId('basis-cash').check();
    const cash = await kira.api<Overview>(`/api/dashboard/overview?company=1&basis=cash`);
    expect(cash.revenue.value).not.toBe(first.revenue.value);
    await expectTilesMatch(page, cash);

    await page.getByTestId('range-select').selectOption('last_month');
    const text = await page.getByTestId('range-text').textContent();
    const [from, to] = text!.split(' – ');
    const lastMonth = await kira.api<Overview>(`/api/dashboard/overview?company=1&basis=cash&from=${from}&to=${to}`);
    await expectTilesMatch(page, lastMonth);

    await page.getByTestId('company-select').selectOption('3');
    const sg = await kira.api<Overview>(`/api/dashboard/overview?company=3&basis=cash&from=${from}&to=${to}`);
    await expectTilesMatch(page, sg);
    await expect(page.getByTestId('tile-revenue-text')).toContainText(/SGD|S\$/);

    expect(consoleErrors).toEqual([]);
  });

  test('a bad custom range shows a readable message and keeps the figures', async ({ kiraPage: page, consoleErrors }) => {
    const before = await tileValue(page, 'revenue');
    await page.getByTestId('range-select').selectOption('custom');
    await page.getByTestId('range-from').fill('2024-05-10');
    await page.getByTestId('range-to').fill('2024-05-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Start date is after end date' })).toBeVisible();
    expect(await tileValue(page, 'revenue')).toBe(before);
    expect(consoleErrors).toEqual([]);
  });

  test('drill-through from the overdue tile lists overdue invoices', async ({ kiraPage: page, consoleErrors }) => {
    await page.getByTestId('tile-overdue').click();
    const drill = page.getByTestId('drill');
    await expect(drill.getByRole('heading', { name: 'Overdue invoices' })).toBeFocused();
    await expect(drill.locator('tbody tr').first()).toContainText('overdue');
    expect(consoleErrors).toEqual([]);
  });

  test('drill-through from the pending tile lists exactly the invoices owed', async ({ kiraPage: page, kira, consoleErrors }) => {
    const company = (await kira.api<{ items: { id: number }[] }>('/api/companies')).items[0]!.id;
    const owed = await kira.api<{ total: number }>(`/api/invoices?company=${company}&status=open&page_size=1`);
    await page.getByTestId('tile-pending-invoices').click();
    const drill = page.getByTestId('drill');
    await expect(drill.getByRole('heading', { name: /Pending invoices/ })).toBeFocused();
    await expect(drill.locator('tbody tr').first()).toContainText(/sent|viewed/);
    await expect(drill).toContainText(String(owed.total));
    expect(owed.total).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);
  });
});
