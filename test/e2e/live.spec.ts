import { test, expect, tileValue, type Overview } from './fixtures.js';

test.describe('live updates without reload', () => {
  test('an expense written through the API moves the tiles within one second', async ({ kiraPage: page, kira, consoleErrors }) => {
    await expect(page.getByLabel('Live updates: open')).toBeVisible();
    const o = await kira.api<Overview>('/api/dashboard/overview?company=1');
    await expect.poll(() => tileValue(page, 'expenses')).toBe(String(o.expenses.value));
    // mark the document: a reload would lose it
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    await kira.api('/api/expenses?company=1', { body: { date: o.period.to, category: 'travel', description: 'e2e taxi', amount: 12345 } });
    await expect.poll(() => tileValue(page, 'expenses'), { timeout: 1000 }).toBe(String(o.expenses.value + 12345));
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  test('an expense created through the form updates the dashboard', async ({ kiraPage: page, kira, consoleErrors }) => {
    const o = await kira.api<Overview>('/api/dashboard/overview?company=1');
    await expect.poll(() => tileValue(page, 'expenses')).toBe(String(o.expenses.value));
    await page.getByTestId('nav-data').click();
    await page.getByTestId('expense-date').fill(o.period.to);
    await page.getByTestId('expense-amount').fill('99.01');
    await page.getByTestId('expense-description').fill('e2e form');
    await page.getByTestId('expense-submit').click();
    await expect(page.getByTestId('expense-message')).toContainText('Saved');
    await page.getByTestId('nav-dashboard').click();
    await expect.poll(() => tileValue(page, 'expenses'), { timeout: 1000 }).toBe(String(o.expenses.value + 9901));
    expect(consoleErrors).toEqual([]);
  });
});
