/**
 * Time to first KPI paint in Chromium on a 1,000,000-expense database (goal ≤ 1.5 s), and the renderer's
 * JS bundle size. Baselines from the same run: the same page's DOMContentLoaded, and the first-paint batch
 * request made straight from Node (the data part alone).
 *
 *   node dist/bench/first-paint.js [--expenses 1000000] [--invoices 100000] [--runs 5] [--db path] [--budget FILE]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { median } from '../src-engine/core/bench/stats.js';
import { packageRoot } from '../src-engine/package-root.js';
import { startServer } from '../src-engine/service/root/server.js';
import { chromiumLaunchOptions } from '../test/e2e/chromium.js';
import { benchDatabase } from './lib/bench-database.js';
import { finish, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';

const flags = new Flags(['runs', 'expenses', 'invoices', 'db', 'budget']);
const runs = Math.max(1, flags.number('runs', 5));
const db = benchDatabase(flags.number('expenses', 1_000_000), flags.number('invoices', 100_000), flags.string('db'));

interface BundleSize {
  raw: number;
  gzip: number;
  files: number;
}

/** JS sizes: everything built, and the part index.html loads before first paint (entry + module preloads). */
function bundleBytes(): { total: BundleSize; initial: BundleSize } {
  const root = join(packageRoot(), 'dist-renderer');
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const initialFiles = new Set([...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]));
  const total: BundleSize = { raw: 0, gzip: 0, files: 0 };
  const initial: BundleSize = { raw: 0, gzip: 0, files: 0 };
  for (const f of readdirSync(join(root, 'assets'))) {
    if (!f.endsWith('.js')) continue;
    const path = join(root, 'assets', f);
    const raw = statSync(path).size;
    const gzip = gzipSync(readFileSync(path)).length;
    for (const acc of initialFiles.has(`assets/${f}`) ? [total, initial] : [total]) {
      acc.raw += raw;
      acc.gzip += gzip;
      acc.files++;
    }
  }
  return { total, initial };
}

const server = await startServer({ dbPath: db.path, port: 0 });
const browser = await chromium.launch({ headless: true, ...chromiumLaunchOptions() });
try {
  const paints: number[] = [];
  const domReady: number[] = [];
  const batch: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh context each time: no HTTP cache, no session storage — a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${server.url}/#token=${server.token}`, { waitUntil: 'domcontentloaded' });
    domReady.push(performance.now() - started);
    await page.waitForSelector('[data-testid="tile-revenue"][data-value]', { timeout: 30_000 });
    paints.push(performance.now() - started);
    await context.close();

    const t = performance.now();
    const res = await fetch(`${server.url}/api/dashboard/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: ['overview', 'trends', 'breakdown', 'realtime/aggregate'].map((view) => ({ view, params: {} })) }),
    });
    await res.arrayBuffer();
    batch.push(performance.now() - t);
  }
  const bundle = bundleBytes();
  const figures: Figure[] = [
    { name: 'first_kpi_paint_median', value: median(paints), unit: 'ms', baseline: median(domReady), goal: '≤ 1500 ms' },
    { name: 'first_kpi_paint_max', value: Math.max(...paints), unit: 'ms' },
    { name: 'first_paint_batch_request', value: median(batch), unit: 'ms' },
    { name: 'initial_js_raw', value: bundle.initial.raw / 1024, unit: 'KiB' },
    { name: 'initial_js_gzip', value: bundle.initial.gzip / 1024, unit: 'KiB' },
    { name: 'all_js_raw', value: bundle.total.raw / 1024, unit: 'KiB' },
    { name: 'all_js_gzip', value: bundle.total.gzip / 1024, unit: 'KiB' },
  ];
  process.stdout.write(
    `database ${db.path} (${db.generated ? 'generated' : 'reused'}); ${runs} first visits; baseline: DOMContentLoaded (first paint); JS: ${bundle.initial.files} files before first paint, ${bundle.total.files} in all (echarts and the other views load later)\n`,
  );
  finish('renderer first paint', figures, flags.string('budget'));
} finally {
  await browser.close();
  await server.close();
}
