/**
 * The Reports view in Chromium against a real `kira serve`: its cells equal the API's, every cell drills into
 * rows that sum to it, the XLSX and PDF buttons produce real files; and every dashboard drill-through sums to
 * its tile.
 */
import { readFileSync } from 'node:fs';
import { test, expect, screenshot } from './fixtures.js';

interface Cells {
  current: number;
  '1_30': number;
  '31_60': number;
  '61_90': number;
  over_90: number;
  total: number;
}
interface Aging {
  as_of: string;
  clients: (Cells & { client_id: number })[];
  totals: Cells;
}
interface Pnl {
  periods: { from: string; revenue: number; expenses: number; net: number }[];
  totals: { revenue: number; expenses: number; net: number };
}

const BUCKETS = ['current', '1_30', '31_60', '61_90', 'over_90', 'total'] as const;

test.describe('reports view', () => {
  test('aged receivables equal the API, and a cell lists the invoices that sum to it', async ({ kiraPage: page, kira, consoleErrors }) => {
    const api = await kira.api<Aging>('/api/reports/aging?company=1');
    await page.getByTestId('nav-reports').click();
    const rows = page.getByTestId('aging-row');
    await expect(rows).toHaveCount(api.clients.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-client'))))).toEqual(
      api.clients.map((c) => c.client_id),
    );
    const totals = page.getByTestId('aging-totals');
    for (const b of BUCKETS) await expect(totals.locator(`[data-bucket="${b}"]`)).toHaveAttribute('data-value', String(api.totals[b]));
    await screenshot(page, 'reports-aging');
    // Drill into up to four non-zero cells: the listed invoices sum to the cell.
    const cells = page.getByTestId('aging-cell');
    const n = Math.min(4, await cells.count());
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const cell = cells.nth(i);
      const value = await cell.getAttribute('data-value');
      await cell.click();
      await expect(page.getByTestId('aging-cell-sum')).toHaveAttribute('data-value', value!);
    }
    expect(consoleErrors).toEqual([]);
  });

  test('profit and loss equal the API; revenue and expense cells drill into rows that sum to them', async ({
    kiraPage: page,
    kira,
    consoleErrors,
  }) => {
    const api = await kira.api<Pnl>('/api/reports/pnl?company=1&basis=accrual&by=month');
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-kind-pnl').click();
    const rows = page.getByTestId('pnl-row');
    await expect(rows).toHaveCount(api.periods.length);
    for (const [i, p] of api.periods.entries()) {
      const row = rows.nth(i);
      await expect(row).toHaveAttribute('data-from', p.from);
      await expect(row.getByTestId('pnl-revenue')).toHaveAttribute('data-value', String(p.revenue));
      await expect(row.getByTestId('pnl-expenses')).toHaveAttribute('data-value', String(p.expenses));
      await expect(row.getByTestId('pnl-net')).toHaveAttribute('data-value', String(p.net));
    }
    await screenshot(page, 'reports-pnl');
    const first = rows.first();
    for (const id of ['pnl-revenue', 'pnl-expenses'] as const) {
      const value = await first.getByTestId(id).getAttribute('data-value');
      await first.getByTestId(id).click();
      await expect(page.getByTestId('drill-sum')).toHaveAttribute('data-value', value!);
    }
    const category = page.getByTestId('pnl-category').first();
    const catValue = await category.getAttribute('data-value');
    await category.click();
    await expect(page.getByTestId('drill-sum')).toHaveAttribute('data-value', catValue!);
    expect(consoleErrors).toEqual([]);
  });

  test('the XLSX and PDF buttons produce files', async ({ kiraPage: page, consoleErrors }) => {
    await page.getByTestId('nav-reports').click();
    await expect(page.getByTestId('aging-table')).toBeVisible();
    for (const [button, ext, magic] of [
      ['report-xlsx', '.xlsx', 'PK'],
      ['report-pdf', '.pdf', '%PDF-'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(button).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^aged-receivables-\\d{4}-\\d{2}-\\d{2}\\${ext}$`));
      const path = await download.path();
      expect(readFileSync(path).subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('dashboard drill-throughs', () => {
  test('every list behind a money tile sums to the tile', async ({ kiraPage: page, consoleErrors }) => {
    for (const id of ['revenue', 'expenses', 'outstanding', 'overdue']) {
      const tile = page.getByTestId(`tile-${id}`);
      const value = await tile.getAttribute('data-value');
      await tile.click();
      await expect(page.getByTestId('drill-sum')).toHaveAttribute('data-value', value!);
    }
    expect(consoleErrors).toEqual([]);
  });
});
