/**
 * The panel targets any API for real (issue 15.1): a single-endpoint test against a loopback server that is not
 * Kira, and a suite uploaded as a file, each showing its results — measured from the server's side too.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures.js';

let server: Server;
let base = '';
const seen: { method: string; url: string; type: string; body: string }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'kira-bench-e2e-'));

test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'] ?? '', body });
      if (req.url === '/login') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"tk"}');
      if (req.url?.startsWith('/items/') && req.headers.authorization !== 'Bearer tk') return void res.writeHead(401).end();
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

test.describe('benchmark panel: any API', () => {
  test('runs one endpoint of another server and shows its results', async ({ kiraPage: page, consoleErrors }) => {
    seen.length = 0;
    await page.getByTestId('nav-bench').click();
    await page.getByTestId('bench-mode-endpoint').check();
    await page.getByTestId('bench-method').selectOption('POST');
    await page.getByTestId('bench-endpoint-url').fill(`${base}/orders?x=1`);
    await page.getByTestId('bench-endpoint-body').fill('{"n":1}');
    await page.getByTestId('bench-users').fill('2');
    await page.getByTestId('bench-duration').fill('1');
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-results')).toBeVisible({ timeout: 60_000 });
    const row = page.getByTestId('bench-row').and(page.locator('[data-scenario="post_orders"]'));
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('bench-grade')).toHaveText(/^(A\+|A|B|C|D)$/);
    await expect(page.getByTestId('bench-run-status')).toContainText('PASS');
    // Every request the server saw was this one: method, path and query, JSON body.
    expect(seen.length).toBeGreaterThan(10);
    expect(new Set(seen.map((x) => `${x.method} ${x.url} ${x.type} ${x.body}`))).toEqual(
      new Set(['POST /orders?x=1 application/json {"n":1}']),
    );
    expect(consoleErrors).toEqual([]);
  });

  test('runs a scripted suite uploaded as a file against that server', async ({ kiraPage: page, consoleErrors }) => {
    seen.length = 0;
    const file = join(dir, 'my-suite.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'uploaded',
        defaults: { warmup_requests: 2 },
        scenarios: [
          {
            name: 'flow',
            count: 20,
            data: { rows: [{ id: '1' }, { id: '2' }] },
            steps: [
              { name: 'login', request: { method: 'POST', path: '/login', body: { user: 'ana' } }, extract: { token: '/token' } },
              {
                name: 'item',
                request: { path: '/items/{{id}}', headers: { authorization: 'Bearer {{token}}' } },
                checks: [{ status: 200 }, { pointer: '/ok', equals: true }],
              },
            ],
          },
          { name: 'missing', request: { path: '/missing' }, count: 5 },
        ],
      }),
    );
    await page.getByTestId('nav-bench').click();
    await page.getByTestId('bench-mode-custom').check();
    await page.getByTestId('bench-suite-file').setInputFiles(file);
    await expect(page.getByTestId('bench-suite-text')).toHaveValue(/"uploaded"/);
    await page.getByTestId('bench-target-url').check();
    await page.getByTestId('bench-url').fill(base);
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-results')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('bench-row')).toHaveCount(2);
    await expect(page.getByTestId('bench-row').and(page.locator('[data-scenario="missing"]')).getByTestId('bench-grade')).toHaveText('D');
    // Every answer of `missing` was a 404: the run fails its success gate, and the panel says so.
    await expect(page.getByTestId('bench-run-status')).toContainText('FAIL');
    await expect(page.getByTestId('bench-gates')).toContainText('FAIL missing: 0%, needs success ≥ 99%');
    // 20 step requests = 10 iterations: 10 logins, then the token and the data rows in the item path.
    expect(seen.filter((x) => x.url === '/login')).toHaveLength(10);
    expect(seen.filter((x) => x.url === '/items/1')).toHaveLength(5);
    expect(seen.filter((x) => x.url === '/items/2')).toHaveLength(5);
    await expect(page.getByTestId('bench-row').and(page.locator('[data-scenario="flow"]'))).toContainText('100.0%');
    // The scripted scenario's passes through its steps, and the plain one's generator, are shown with the results.
    const load = page.getByTestId('bench-load-row');
    await expect(load.and(page.locator('[data-scenario="flow"]')).getByTestId('bench-iterations')).toContainText(
      '10 started, 10 completed, 0 dropped',
    );
    await expect(load.and(page.locator('[data-scenario="missing"]')).getByTestId('bench-generators')).toContainText('Generators: 1 thread');
    expect(seen.filter((x) => x.url === '/missing')).toHaveLength(7);
    // The uploaded suite is kept with the run: the history brings it back into the editor to run again.
    await page.getByTestId('bench-suite-text').fill('');
    await page.getByTestId('bench-history-row').first().getByTestId('bench-history-load-suite').click();
    await expect(page.getByTestId('bench-suite-text')).toHaveValue(/"uploaded"[\s\S]*"Bearer \{\{token\}\}"/);
    expect(consoleErrors).toEqual([]);
  });

  test('asks before running a Kira suite against another URL', async ({ kiraPage: page }) => {
    seen.length = 0;
    await page.getByTestId('nav-bench').click();
    await page.getByTestId('bench-mode-suite').check();
    await page.getByTestId('bench-target-url').check();
    await page.getByTestId('bench-url').fill(base);
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.getByTestId('bench-run').click();
    await expect(page.getByText(/Not run: the suite "default" is for Kira servers/)).toBeVisible();
    expect(asked).toContain("calls Kira's API paths");
    expect(seen).toHaveLength(0);
  });

  test('refuses a suite with a typo, naming the key and the nearest known one', async ({ kiraPage: page }) => {
    await page.getByTestId('nav-bench').click();
    await page.getByTestId('bench-mode-custom').check();
    await page.getByTestId('bench-suite-text').fill('{"scenarios":[{"name":"a","request":{"path":"/","expect_stauts":[200]}}]}');
    await page.getByTestId('bench-run').click();
    await expect(page.getByText(/expect_stauts is not a known key; did you mean expect_status\?/)).toBeVisible();
  });
});
