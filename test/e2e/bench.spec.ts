import { test, expect, screenshot } from './fixtures.js';

test.describe('benchmark panel', () => {
  test('a short run shows grades and lands in history', async ({ kiraPage: page, kira, consoleErrors }) => {
    const probe = await fetch(`${kira.origin}/api/bench/runs`, { headers: { Authorization: `Bearer ${kira.token}` } });
    test.skip(probe.status === 404, 'the service does not expose /api/bench/runs yet');
    await page.getByTestId('nav-bench').click();
    await page.getByTestId('bench-suite').selectOption('quick');
    await page.getByTestId('bench-duration').fill('1');
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-results')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('bench-grade').first()).toHaveText(/^(A\+|A|B|C|D)$/);
    await expect(page.getByTestId('bench-verdict')).toContainText(/EXCELLENT|GOOD|NEEDS IMPROVEMENT/);
    await expect(page.getByTestId('bench-history-row')).not.toHaveCount(0);
    await screenshot(page, 'bench');
    expect(consoleErrors).toEqual([]);
  });
});
