import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/chromium.js';

// End-to-end tests drive Debian's Chromium (Playwright cannot download its own browser here).
// KIRA_CHROMIUM points at another Chromium/Chrome binary on machines that have one elsewhere.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  // Assertions wait up to 10 s (Playwright's default is 5): on a 2-core machine busy with other work, an upload
  // and import through the page was seen to take longer than 5 s.
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions(),
  },
});
