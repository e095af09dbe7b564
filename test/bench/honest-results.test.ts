/**
 * Honest results (issue 15.5) against test servers this file starts: one that answers 500, one that fails one
 * request in eleven, one that never answers (stalls), one that closes every connection, one stopped mid-run.
 * Counted scenarios give exact counts; every gate's exit code is checked through the built CLI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult, ScenarioResult } from '../../src-engine/core/bench/types.js';
import { tempDir } from '../helpers/tmp.js';
import { kiraBench } from './helpers/kira-cli.js';
import { listen, type TestServer } from './helpers/servers.js';

const tmp = tempDir('kira-bench-honest-');
let api: TestServer;
let stopping: TestServer;
let flaky = 0;
let stopCount = 0;

beforeAll(async () => {
  api = await listen((req, res) => {
    if (req.url === '/ok') return void res.writeHead(200, { 'content-length': 2 }).end('ok');
    if (req.url === '/500') return void res.writeHead(500, { 'content-length': 4 }).end('oops');
    // Every eleventh request fails: 91% success.
    if (req.url === '/flaky') return void res.writeHead(++flaky % 11 === 0 ? 500 : 200, { 'content-length': 2 }).end('ok');
    if (req.url === '/stall') return; // never answers
    if (req.url === '/close') return void req.socket.destroy();
    res.writeHead(404).end();
  });
  // Answers ten requests, then stops listening and drops every connection (a server stopped mid-run).
  stopping = await listen((req, res) => {
    stopCount++;
    if (stopCount > 10) return void req.socket.destroy();
    res.writeHead(200, { 'content-length': 2 }).end('ok', () => {
      if (stopCount === 10) {
        stopping.server.close();
        stopping.server.closeAllConnections();
      }
    });
  });
});
afterAll(async () => {
  await api.close();
  tmp.cleanup();
});

function suiteFile(name: string, scenarios: unknown[]): string {
  const path = tmp.path(`${name}.json`);
  writeFileSync(path, JSON.stringify({ name, defaults: { warmup_requests: 0, timeout_ms: 300 }, scenarios }));
  return path;
}

async function bench(
  base: string,
  suite: string,
  extra: string[] = [],
): Promise<{ code: number | null; out: string; result: BenchResult; byName: Record<string, ScenarioResult> }> {
  const json = tmp.path(`r-${Math.random().toString(36).slice(2)}.json`);
  const r = await kiraBench(['--target', base, '--suite', suite, '--no-history', '--json', json, ...extra]);
  const result = JSON.parse(readFileSync(json, 'utf8')) as BenchResult;
  return { code: r.code, out: r.stdout + r.stderr, result, byName: Object.fromEntries(result.scenarios.map((s) => [s.name, s])) };
}

describe('errors fail a run by default (--min-success, default 99%)', () => {
  it('a server answering 500: exact counts, failed latency apart, graded D, exit 1; --min-success 0 exits 0', async () => {
    const suite = suiteFile('five-hundred', [{ name: 'err', request: { path: '/500' }, count: 20 }]);
    const r = await bench(api.url, suite);
    const s = r.byName.err!;
    expect(s.requests).toBe(20);
    expect(s.errors).toEqual({ status: 20, timeout: 0, connection: 0 });
    expect(s.statuses).toEqual({ '500': 20 });
    expect(s.success_rate).toBe(0);
    // The fast 500s are not the service's latency: the figures hold no samples, the failures' latency sits apart.
    expect(s.samples).toBe(0);
    expect(s.latency_ms.mean).toBe(0);
    expect(s.failed_latency_ms?.mean).toBeGreaterThan(0);
    expect(s.grade).toBe('D');
    expect(r.result.verdict).toBe('NEEDS IMPROVEMENT');
    expect(r.result.targets.every((t) => !t.pass)).toBe(true);
    expect(r.result.gates).toEqual([{ gate: 'min-success', scenario: 'err', expected: 'success ≥ 99%', actual: '0%', pass: false }]);
    expect(r.result.pass).toBe(false);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL err: 0%, needs success ≥ 99%');
    const off = await bench(api.url, suite, ['--min-success', '0']);
    expect(off.code).toBe(0);
  });

  it('91% success is not a pass: exit 1 at the default, exit 0 at --min-success 90', async () => {
    const suite = suiteFile('flaky', [{ name: 'flaky', request: { path: '/flaky' }, count: 99 }]);
    flaky = 0;
    const r = await bench(api.url, suite);
    expect(r.byName.flaky!.requests).toBe(99);
    expect(r.byName.flaky!.errors.status).toBe(9);
    expect(r.byName.flaky!.success_rate).toBe(90.91);
    expect(r.code).toBe(1);
    flaky = 0;
    expect((await bench(api.url, suite, ['--min-success', '90'])).code).toBe(0);
  });

  it('a stalling server: every request a timeout, none a latency', async () => {
    const suite = suiteFile('stall', [{ name: 'stall', request: { path: '/stall' }, count: 3 }]);
    const r = await bench(api.url, suite);
    expect(r.byName.stall!.requests).toBe(3);
    expect(r.byName.stall!.errors).toEqual({ status: 0, timeout: 3, connection: 0 });
    expect(r.byName.stall!.samples).toBe(0);
    expect(r.code).toBe(1);
  });

  it('a server that closes every connection: connection errors, exit 1', async () => {
    const suite = suiteFile('close', [{ name: 'close', request: { path: '/close' }, count: 10 }]);
    const r = await bench(api.url, suite);
    expect(r.byName.close!.requests).toBe(10);
    expect(r.byName.close!.errors).toEqual({ status: 0, timeout: 0, connection: 10 });
    expect(r.code).toBe(1);
  });

  it('a server stopped mid-run: the answers before, connection errors after, refused connects retried with back-off', async () => {
    const suite = suiteFile('stopped', [{ name: 'stopped', request: { path: '/' }, count: 30, timeout_ms: 100 }]);
    const r = await bench(stopping.url, suite);
    const s = r.byName.stopped!;
    expect(s.requests).toBe(30);
    expect(s.statuses).toEqual({ '200': 10 });
    expect(s.errors).toEqual({ status: 0, timeout: 0, connection: 20 });
    // Each failed request waited out its 100 ms timeout, retrying at 10, 20, 40… ms: attempts are counted apart,
    // at least one per failed request and at most one per 10 ms (a tight loop made thousands).
    expect(s.connect_failures).toBeGreaterThanOrEqual(20);
    expect(s.connect_failures).toBeLessThanOrEqual(20 * 11);
    expect(r.out).toMatch(/Connections stopped: \d+ failed connection attempts/);
    expect(r.code).toBe(1);
  });
});

describe('samples and SLOs', () => {
  it('marks percentiles from too few samples, withholds a grade below five, and grades an SLO with Apdex', async () => {
    const suite = suiteFile('slo', [
      { name: 'tiny', request: { path: '/ok' }, count: 3 },
      { name: 'few', request: { path: '/ok' }, count: 30, slo: { p95_ms: 5000, error_rate_pct: 1, apdex_t_ms: 5000 } },
      { name: 'strict', request: { path: '/ok' }, count: 30, slo: { p99_ms: 0.001 } },
    ]);
    const r = await bench(api.url, suite);
    const tiny = r.byName.tiny!;
    expect(tiny.grade).toBeNull();
    expect(tiny.grade_reasons).toEqual(['only 3 successful requests: a grade needs ≥ 5']);
    expect(tiny.short_percentiles).toEqual(['p90', 'p95', 'p99', 'p999']);
    const few = r.byName.few!;
    expect(few.short_percentiles).toEqual(['p99', 'p999']);
    expect(few.grade_reasons.some((x) => x.includes('tail gate not applied'))).toBe(true);
    expect(few.slo).toMatchObject({ pass: true, apdex: 1 });
    expect(r.byName.strict!.slo?.pass).toBe(false);
    expect(r.byName.strict!.slo?.lines).toEqual([
      { limit: 'p99', expected: '≤ 0.001 ms', actual: `${r.byName.strict!.latency_ms.p99} ms`, pass: false },
    ]);
    // The SLO alone fails the run; the seed grade stays its own column.
    expect(r.byName.strict!.grade).not.toBeNull();
    expect(r.result.pass).toBe(false);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/SLO strict: FAIL/);
  });
});
