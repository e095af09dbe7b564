import { test, expect, tileValue, screenshot, type Overview } from './fixtures.js';

test.describe('data view', () => {
  test('a good CSV shows progress and then the new totals', async ({ kiraPage: page, kira, consoleErrors }) => {
    const o = await kira.api<Overview>('/api/dashboard/overview?company=1');
    const rows = Array.from({ length: 200 }, (_, i) => `${o.period.to},office_supplies,paper ${i},1.00`);
    await page.getByTestId('nav-data').click();
    await screenshot(page, 'data');
    await page.getByTestId('import-file').setInputFiles({
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['date,category,description,amount', ...rows].join('\n')),
    });
    await page.getByTestId('import-run').click();
    await expect(page.getByTestId('import-done')).toContainText('200 rows');
    await page.getByTestId('nav-dashboard').click();
    await expect.poll(() => tileValue(page, 'expenses')).toBe(String(o.expenses.value + 200 * 100));
    expect(consoleErrors).toEqual([]);
  });

  test('a bad CSV lists its line errors and changes nothing', async ({ kiraPage: page, kira, consoleErrors }) => {
    const o = await kira.api<Overview>('/api/dashboard/overview?company=1');
    await page.getByTestId('nav-data').click();
    const csv = `date,category,description,amount\n${o.period.to},travel,ok,5.00\n2024-02-30,travel,bad date,5.00\n${o.period.to},nonsense,bad cat,5.00\n`;
    await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-run').click();
    const report = page.getByTestId('import-errors');
    await expect(report).toContainText('Nothing was imported');
    await expect(report.locator('tbody tr')).toHaveCount(2);
    await expect(report.locator('tbody tr').first()).toContainText('3');
    await screenshot(page, 'data-import-errors');
    const after = await kira.api<Overview>('/api/dashboard/overview?company=1');
    expect(after.expenses.value).toBe(o.expenses.value);
    expect(consoleErrors).toEqual([]);
  });

  test('clients view sorts and shows risk badges', async ({ kiraPage: page, consoleErrors }) => {
    await page.getByTestId('nav-clients').click();
    const rows = page.getByTestId('client-row');
    await expect(rows.first()).toBeVisible();
    await expect(rows.first().locator('.badge')).toHaveText(/(high|medium|low) risk/);
    await page.getByRole('button', { name: 'Client', exact: true }).click();
    await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Client');
    await screenshot(page, 'clients');
    expect(consoleErrors).toEqual([]);
  });

  test('a late answer for an older sort does not replace the newer rows', async ({ kiraPage: page, kira, consoleErrors }) => {
    await page.getByTestId('nav-clients').click();
    const rows = page.getByTestId('client-row');
    await expect(rows.first()).toBeVisible();
    // Hold the answer for "name ascending" until "name descending" has been asked for and shown.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let newest = '';
    await page.route('**/api/dashboard/clients?*', async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get('sort') === 'name' && url.searchParams.get('order') === 'asc') await held;
      else newest = url.pathname + url.search;
      await route.continue();
    });
    const header = page.getByRole('button', { name: /^Client( ▲| ▼)?$/ });
    await header.click();
    await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Client');
    await header.click();
    await expect(page.locator('th[aria-sort="descending"]')).toContainText('Client');
    const expected = (await kira.api<{ items: { name: string }[] }>(newest)).items[0]!.name;
    await expect(rows.first().locator('td').first()).toContainText(expected);
    const late = page.waitForResponse((r) => r.url().includes('order=asc'));
    release();
    await (await late).finished();
    // Let the page handle that body (its fetch, JSON and a render) before looking again.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    // The older answer has arrived and been dropped: the rows are still the descending ones.
    await expect(rows.first().locator('td').first()).toContainText(expected);
    expect(newest).toContain('order=desc');
    expect(consoleErrors).toEqual([]);
  });
});
