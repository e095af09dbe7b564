/**
 * The panel shows what the load generator did (issue 15.4): an open-model run against a loopback server that
 * answers after 100 ms shows the rate asked for vs the rate achieved, marks the run saturated with the server as
 * the limit (2 connections × 100 ms carry at most 20 req/s of the 100 asked), and shows the generator line.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchListResult, BenchRunView } from '../../src-engine/core/bench/panel.js';
import { test, expect, screenshot } from './fixtures.js';

// Numbers are formatted for the page's locale: pin it so the expected text is the same on every machine.
test.use({ locale: 'en-US' });

const STALL_MS = 100;
let server: Server;
let base = '';
let seen = 0;

test.beforeAll(async () => {
  server = createServer((_req, res) => {
    seen++;
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), STALL_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test.describe('benchmark panel: what the generator did', () => {
  test('an open-model run shows target vs achieved rate, the saturation limit and the generators', async ({
    kiraPage: page,
    kira,
    consoleErrors,
  }) => {
    await page.getByTestId('nav-bench').click();
    await page.getByTestId('bench-mode-endpoint').check();
    await page.getByTestId('bench-method').selectOption('GET');
    await page.getByTestId('bench-endpoint-url').fill(`${base}/slow`);
    await page.getByTestId('bench-users').fill('2');
    await page.getByTestId('bench-rate').fill('100');
    await page.getByTestId('bench-duration').fill('1');
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-results')).toBeVisible({ timeout: 60_000 });

    // The stored run, as the API answers it: the panel's figures must be these.
    const list = await kira.api<BenchListResult>('/api/bench/runs');
    const newest = list.items[0];
    expect(newest).toBeDefined();
    const run = await kira.api<BenchRunView>(`/api/bench/runs/${newest?.id ?? 0}`);
    const s = run.result?.scenarios.find((x) => x.name === 'get_slow');
    expect(s?.rate?.target).toBe(100);
    // Two connections each waiting 100 ms per answer cannot carry more than 20 req/s.
    expect(s?.rate?.achieved).toBeLessThanOrEqual(25);
    expect(s?.saturated).toBe(true);
    expect(seen).toBeGreaterThan(0);

    const row = page.getByTestId('bench-load-row').and(page.locator('[data-scenario="get_slow"]'));
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('bench-rate')).toContainText(
      `Rate: target 100 req/s, achieved ${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(s?.rate?.achieved ?? -1)}`,
    );
    await expect(row.getByTestId('bench-rate')).toContainText(`dropped ${s?.dropped ?? -1}`);
    await expect(row.getByTestId('bench-saturated')).toHaveAttribute('data-limit', 'server');
    await expect(row.getByTestId('bench-saturated')).toContainText('Saturated, limit: the server.');
    await expect(row.getByTestId('bench-saturated')).toContainText('get_slow: asked for 100 req/s');
    // A light load: one generator thread, not calibrated.
    await expect(row.getByTestId('bench-generators')).toContainText('Generators: 1 thread, single');
    // The panel's generator is a worker thread in the server's process: on Linux it reads its own thread's CPU, as stored.
    const cpuMs = s?.generators?.per_thread[0]?.cpu_ms;
    expect(cpuMs).toBeGreaterThan(0);
    await expect(row.getByTestId('bench-generators')).toContainText(
      `CPU ${new Intl.NumberFormat('en-US', { maximumFractionDigits: (cpuMs ?? 0) >= 10 ? 0 : 1 }).format(cpuMs ?? -1)} ms`,
    );
    await expect(row.getByTestId('bench-generators').locator('meter')).toHaveCount(1);
    await expect(page.getByTestId('bench-run-status')).toContainText('saturated');
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'bench-generators');
    expect(consoleErrors).toEqual([]);
  });
});
