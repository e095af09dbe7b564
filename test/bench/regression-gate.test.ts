/**
 * The regression gate (issue 15.6): `--compare RUN_ID --fail-on-regression PCT` exits 1 when p50, p99 or
 * throughput got worse by more than PCT and the noise of the runs' time slices; an unknown run id, another
 * target or another quick setting exits 2 before any load is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src-engine/core/bench/compare.js';
import { sliceHalfWidth } from '../../src-engine/core/bench/regression.js';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { tempDir } from '../helpers/tmp.js';
import { kiraBench } from './helpers/kira-cli.js';
import { listen, type TestServer } from './helpers/servers.js';

const tmp = tempDir('kira-bench-regress-');
let api: TestServer;
let other: TestServer;
let delayMs = 0;
let hits = 0;

beforeAll(async () => {
  api = await listen((_req, res) => {
    hits++;
    const answer = () => res.writeHead(200, { 'content-length': 2 }).end('ok');
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  other = await listen((_req, res) => res.writeHead(200, { 'content-length': 2 }).end('ok'));
});
afterAll(async () => {
  await api.close();
  await other.close();
  tmp.cleanup();
});

const history = () => ['--history', tmp.path('history.db')];
const run = (url: string, extra: string[] = []) => kiraBench([url, '-c', '2', '-d', '1', ...history(), ...extra]);

describe('--fail-on-regression', () => {
  it('fails a slower run, never fails without the gate, and refuses what cannot be compared before any load', async () => {
    const base = await run(`${api.url}/x`);
    expect(base.code, base.stderr).toBe(0);
    expect(base.stdout).toMatch(/Stored as run 1 in /);

    // Unknown run id: exit 2, nothing sent.
    hits = 0;
    const unknown = await run(`${api.url}/x`, ['--compare', '99', '--fail-on-regression', '10']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--compare 99: no such run');
    expect(hits).toBe(0);

    // Another target or quick setting: refused, nothing sent.
    const elsewhere = await run(`${other.url}/x`, ['--compare', '1', '--fail-on-regression', '10']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/--compare 1 refused: the stored run measured 127\.0\.0\.1:\d+, this one measures 127\.0\.0\.1:\d+/);
    const quick = await run(`${api.url}/x`, ['--quick', '--compare', '1', '--fail-on-regression', '10']);
    expect(quick.code).toBe(2);
    expect(hits).toBe(0);

    // 20 ms added to every answer: p50 and p99 regress far beyond 50% and the noise; throughput collapses.
    delayMs = 20;
    const slow = await run(`${api.url}/x`, ['--compare', '1', '--fail-on-regression', '50']);
    delayMs = 0;
    expect(slow.code).toBe(1);
    expect(slow.stdout).toMatch(/get_x p50: .* REGRESSED/);
    expect(slow.stdout).toMatch(/get_x throughput: .* REGRESSED/);

    // Without the gate a comparison never fails the run.
    delayMs = 20;
    const compared = await run(`${api.url}/x`, ['--compare', '1']);
    delayMs = 0;
    expect(compared.code).toBe(0);
    expect(compared.stdout).toMatch(/Compared with run 1/);
  });

  it('keeps trend series per target', async () => {
    const { BenchHistory } = await import('../../src-engine/bench/history.js');
    const h = BenchHistory.open(tmp.path('history.db'));
    try {
      const label = new URL(api.url).host;
      const all = h.series('get_x');
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(h.series('get_x', 100, label)).toEqual(all);
      expect(h.series('get_x', 100, 'elsewhere:1')).toEqual([]);
    } finally {
      h.close();
    }
  });

  it('compares runs against the noise of their time slices, not of single requests', () => {
    const slices = (p50s: number[]) => p50s.map((p50, i) => ({ t: i / 10, ms: 100, requests: 100, errors: 0, p50, p99: p50 * 3 }));
    const run = (mean: number, p50s?: number[]) =>
      ({
        scenarios: [
          {
            name: 'x',
            status: 'ok',
            requests: 10_000,
            error_total: 0,
            latency_ms: { mean, stddev: 0.05, p50: mean, p99: mean * 3 },
            throughput: 1000,
            grade: 'A+',
            ...(p50s ? { noise_slices: slices(p50s) } : {}),
          },
        ],
      }) as unknown as BenchResult;
    // Per-request spread alone: ±0.001 ms, so +120% reads as "slower".
    expect(compareRuns(run(0.1), run(0.22))[0]?.direction).toBe('slower');
    // The slices of the same runs swing between 0.05 and 0.4 ms: the change is within that noise.
    expect(compareRuns(run(0.1, [0.05, 0.4, 0.06, 0.35, 0.05]), run(0.22, [0.4, 0.05, 0.3, 0.06, 0.3]))[0]?.direction).toBe('same');
    // A steady run that doubles is still slower.
    expect(compareRuns(run(1, [1, 1.01, 0.99, 1]), run(2, [2, 2.01, 1.99, 2]))[0]?.direction).toBe('slower');
  });

  it('estimates noise from time slices, and not at all from fewer than three', () => {
    const slice = (p50: number, requests = 10) => ({ t: 0, ms: 100, requests, errors: 0, p50, p99: p50 * 2 });
    expect(sliceHalfWidth([slice(1), slice(1), slice(1)], 'p50')).toBe(0);
    expect(sliceHalfWidth([slice(1), slice(3)], 'p50')).toBeNull();
    // sd of 1, 2, 3 is 1: 1.96 / √3.
    expect(sliceHalfWidth([slice(1), slice(2), slice(3)], 'p50')).toBeCloseTo(1.96 / Math.sqrt(3), 6);
    // A short last slice does not count toward throughput.
    expect(sliceHalfWidth([slice(1, 10), slice(1, 10), slice(1, 10), { ...slice(1, 1), ms: 10 }], 'throughput')).toBe(0);
  });
});
