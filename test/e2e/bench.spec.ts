import { test, expect, screenshot } from './fixtures.js';

const SCENARIOS = ['dashboard_health', 'dashboard_overview', 'realtime_aggregate', 'write_to_live'];

test.describe('benchmark panel', () => {
  test('a short run shows live progress, grades, and lands in history', async ({ kiraPage: page, kira, consoleErrors }) => {
    const before = await kira.api<{ items: unknown[] }>('/api/bench/runs');
    await page.getByTestId('nav-bench').click();
    await expect(page.getByTestId('bench-suite')).toHaveValue('default');
    await page.getByTestId('bench-quick').check();
    await page.locator('.bench-scenarios summary').click();
    for (const name of SCENARIOS) await page.getByTestId(`bench-scenario-${name}`).check();
    await page.getByTestId('bench-duration').fill('1');
    await page.getByTestId('bench-run').click();
    // Progress arrives as live events while the run goes on; the run button stays disabled until it ends.
    await expect(page.getByTestId('bench-progress-row').first()).toBeVisible();
    await expect(page.getByTestId('bench-run')).toBeDisabled();
    await expect(page.getByTestId('bench-results')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('bench-progress-row')).toHaveCount(SCENARIOS.length);
    await expect(page.getByTestId('bench-progress-row').and(page.locator('[data-phase="done"]'))).toHaveCount(SCENARIOS.length);
    await expect(page.getByTestId('bench-live-chart')).toBeVisible();

    const rows = page.getByTestId('bench-row');
    await expect(rows).toHaveCount(SCENARIOS.length);
    for (const name of SCENARIOS.filter((n) => n !== 'write_to_live')) {
      await expect(rows.and(page.locator(`[data-scenario="${name}"]`)).getByTestId('bench-grade')).toHaveText(/^(A\+|A|B|C|D)$/);
    }
    // The write-to-live scenario measured real pushes over the SSE stream (not skipped).
    await expect(rows.and(page.locator('[data-scenario="write_to_live"]'))).not.toContainText('skipped');
    await expect(page.getByTestId('bench-verdict')).toContainText(/EXCELLENT|GOOD|NEEDS IMPROVEMENT/);
    await expect(page.getByTestId('bench-histogram')).toBeVisible();

    // Stored in the server's history and listed (newest first) with its chart.
    await expect(page.getByTestId('bench-history-row')).toHaveCount(before.items.length + 1);
    await expect(page.getByTestId('bench-history-row').first()).toContainText('default (quick)');
    await expect(page.getByTestId('bench-history-chart')).toBeVisible();
    await expect(page.getByTestId('bench-run')).toBeEnabled();
    await screenshot(page, 'bench');
    expect(consoleErrors).toEqual([]);
  });
});
