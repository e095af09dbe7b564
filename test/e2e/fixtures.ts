/** Shared e2e fixtures: one server per spec file, a page opened on it, and a console-error collector. */
import { test as base, expect, type Page } from '@playwright/test';
import { startKira, type Served } from './serve.js';

export interface Overview {
  revenue: { value: number };
  expenses: { value: number };
  net_profit: { value: number };
  profit_margin: { value: number | null };
  outstanding: { value: number };
  overdue: { amount: { value: number } };
  clients: { active: { value: number } };
  period: { from: string; to: string };
  company: { id: number; currency: string };
}

export const test = base.extend<{ kiraPage: Page; consoleErrors: string[] }, { kira: Served }>({
  kira: [
    async ({}, use) => {
      const k = await startKira();
      await use(k);
      await k.stop();
    },
    { scope: 'worker' },
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    // name the failing request next to Chromium's generic "Failed to load resource"
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url().replace(/^https?:\/\/[^/]+/, '')}`);
    });
    await use(errors);
  },
  kiraPage: async ({ page, kira, consoleErrors }, use) => {
    void consoleErrors;
    await page.goto(kira.url);
    await expect(page.getByTestId('tile-revenue')).toBeVisible();
    await use(page);
  },
});

export { expect };

/** The tile's raw minor-unit value. */
export async function tileValue(page: Page, id: string): Promise<string | null> {
  return page.getByTestId(`tile-${id}`).getAttribute('data-value');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
