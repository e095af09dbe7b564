/**
 * CI formats (issue 15.7): JUnit XML read back by an XML parser, the compact step summary, the per-second
 * timeline in the JSON, and the HTML report opened in Chromium with every network request refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { chromiumLaunchOptions, chromiumPath } from '../e2e/chromium.js';
import { tempDir } from '../helpers/tmp.js';
import { kiraBench, type CliRun } from './helpers/kira-cli.js';
import { listen, type TestServer } from './helpers/servers.js';

const tmp = tempDir('kira-bench-ci-');
let api: TestServer;
let run: CliRun;
let result: BenchResult;

beforeAll(async () => {
  api = await listen((req, res) => {
    if (req.url === '/500') return void res.writeHead(500, { 'content-length': 0 }).end();
    if (req.url === '/stream') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': 2 }).end('ok');
  });
  writeFileSync(
    tmp.path('suite.json'),
    JSON.stringify({
      name: 'ci <&> "suite"',
      defaults: { warmup_requests: 0 },
      scenarios: [
        { name: 'ok', request: { path: '/ok' }, duration_s: 1.2, model: { users: 2 } },
        { name: 'broken', request: { path: '/500' }, count: 10 },
        { name: 'tight_slo', request: { path: '/ok' }, count: 20, slo: { p99_ms: 0.001 } },
        { name: 'no_stream', type: 'push', stream: { path: '/stream', event: 'x' }, write: { method: 'POST', path: '/ok' }, count: 2 },
      ],
    }),
  );
  run = await kiraBench([
    '--target',
    api.url,
    '--suite',
    tmp.path('suite.json'),
    '--no-history',
    '--json',
    tmp.path('r.json'),
    '--junit',
    tmp.path('junit.xml'),
    '--summary',
    tmp.path('summary.md'),
    '--html',
    tmp.path('report.html'),
  ]);
  result = JSON.parse(readFileSync(tmp.path('r.json'), 'utf8')) as BenchResult;
});
afterAll(async () => {
  await api.close();
  tmp.cleanup();
});

describe('CI formats', () => {
  it('exits 1 for the failed gate and SLO', () => {
    expect(run.code, run.stderr).toBe(1);
  });

  it('writes JUnit XML: a testsuite per run, a testcase per scenario, failures and skips', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(tmp.path('junit.xml'), 'utf8')) as {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: {
          name: string;
          tests: string;
          failures: string;
          skipped: string;
          testcase: { name: string; failure?: { message: string }; skipped?: unknown }[];
        };
      };
    };
    const suite = doc.testsuites.testsuite;
    expect(suite.name).toBe('ci <&> "suite"');
    expect([suite.tests, suite.failures, suite.skipped]).toEqual(['4', '2', '1']);
    const byName = Object.fromEntries(suite.testcase.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['ok', 'broken', 'tight_slo', 'no_stream']);
    expect(byName.ok!.failure).toBeUndefined();
    expect(byName.broken!.failure?.message).toBe('min-success: 0%, needs success ≥ 99%');
    expect(byName.tight_slo!.failure?.message).toMatch(/^slo p99: [\d.]+ ms, SLO ≤ 0\.001 ms$/);
    expect(byName.no_stream!.skipped).toBeDefined();
  });

  it('writes a compact Markdown summary', () => {
    const md = readFileSync(tmp.path('summary.md'), 'utf8');
    const lines = md.trim().split('\n');
    expect(lines[0]).toMatch(/^### kira bench ci <&> "suite" → 127\.0\.0\.1:\d+: ❌ FAIL$/);
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(md).toMatch(/\| ❌ \| `broken` \| 10 \| 0% \|/);
    expect(md).toMatch(/\| ✅ \| `ok` \|/);
    expect(md).toContain('- `broken`: min-success: 0%, needs success ≥ 99%');
  });

  it('puts a per-second timeline in the JSON that adds up to the scenario', () => {
    const ok = result.scenarios.find((s) => s.name === 'ok')!;
    const tl = ok.timeline ?? [];
    expect(tl.length).toBe(2); // 1.2 s: one full second and the rest
    expect(tl.map((p) => p.t)).toEqual([0, 1]);
    expect(tl.reduce((n, p) => n + p.requests, 0)).toBe(ok.requests);
    for (const p of tl) expect(Object.keys(p).sort()).toEqual(['errors', 'ms', 'p50', 'p99', 'requests', 't']);
    const broken = result.scenarios.find((s) => s.name === 'broken')!;
    expect(broken.timeline?.reduce((n, p) => n + p.errors, 0)).toBe(10);
  });

  it.skipIf(!chromiumPath())('writes an HTML report that Chromium shows without any network', async () => {
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      await page.route('**/*', (route) => {
        requested.push(route.request().url());
        return route.request().url().startsWith('file:') ? route.continue() : route.abort();
      });
      await page.goto(`file://${tmp.path('report.html')}`);
      expect(requested).toEqual([`file://${tmp.path('report.html')}`]);
      expect(await page.locator('#run-status').textContent()).toBe('FAIL');
      expect(await page.locator('#scenarios tbody tr').count()).toBe(4);
      expect(await page.locator('section[data-scenario="ok"] svg').count()).toBe(2);
      expect(await page.locator('section[data-scenario="ok"] polyline').count()).toBe(2);
    } finally {
      await browser.close();
    }
  });
});
