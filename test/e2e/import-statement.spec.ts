import { test, expect, tileValue, screenshot, type Overview } from './fixtures.js';

test.describe('statement import', () => {
  test('a bank CSV through the page with a mapping chosen in the preview; the tiles move by the file total', async ({
    kiraPage: page,
    kira,
    consoleErrors,
  }) => {
    const o = await kira.api<Overview>('/api/dashboard/overview?company=1');
    const [y, m, d] = o.period.to.split('-');
    const day = `${d}/${m}/${y}`;
    // A Malaysian bank export: a title block, DD/MM/YYYY, debit/credit columns, thousands separators.
    const csv = [
      'Maybank2u Account Statement',
      'Account: 1234567890',
      'Txn Date,Narrative,Debit,Credit',
      `${day},GRAB RIDES e2e,"1,234.50",`,
      `${day},TNB ELECTRICITY e2e,88.10,`,
      `${day},KOPI e2e,9.40,`,
    ].join('\n');
    const total = 123_450 + 8_810 + 940;
    const mapping = {
      columns: { date: 'Txn Date', description: 'Narrative', debit: 'Debit', credit: 'Credit' },
      date_format: 'DD/MM/YYYY',
      skip_rows: 2,
      category_rules: [{ match: 'GRAB', category: 'travel' }],
    };

    await page.getByTestId('nav-data').click();
    await page.getByTestId('statement-file').setInputFiles({ name: 'maybank.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('statement-needs-mapping')).toContainText('Txn Date,Narrative,Debit,Credit');
    // Write the mapping, save it by name, then choose it from the saved list.
    await page.getByTestId('statement-mapping').fill(JSON.stringify(mapping));
    await page.getByTestId('statement-save-name').fill('Maybank e2e');
    await page.getByTestId('statement-save').click();
    await expect(page.getByTestId('statement-saved').locator('option', { hasText: 'Maybank e2e' })).toHaveCount(1);
    await page.getByTestId('statement-mapping').fill('');
    await page.getByTestId('statement-saved').selectOption('Maybank e2e');
    await page.getByTestId('statement-preview').click();
    const rows = page.getByTestId('statement-preview-rows').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText('travel');
    await expect(page.getByTestId('statement-format')).toContainText('3 transactions');
    await screenshot(page, 'data-statement-preview');
    await page.getByTestId('statement-run').click();
    await expect(page.getByTestId('statement-result')).toContainText('Imported 3; duplicates skipped 0; rejected 0');
    await page.getByTestId('nav-dashboard').click();
    await expect.poll(() => tileValue(page, 'expenses')).toBe(String(o.expenses.value + total));
    // The same file again: all duplicates, the tiles stay.
    await page.getByTestId('nav-data').click();
    await page.getByTestId('statement-file').setInputFiles({ name: 'maybank-again.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('statement-saved').selectOption('Maybank e2e');
    await page.getByTestId('statement-run').click();
    await expect(page.getByTestId('statement-result')).toContainText('Imported 0; duplicates skipped 3');
    const after = await kira.api<Overview>('/api/dashboard/overview?company=1');
    expect(after.expenses.value).toBe(o.expenses.value + total);
    expect(consoleErrors).toEqual([]);
  });
});
