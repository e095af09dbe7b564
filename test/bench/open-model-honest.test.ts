/**
 * The honest open model (issue 15.4): it stops at its duration (within 10%) whatever the server does; every
 * request due before the deadline is either answered, still in flight at the end, or dropped (exact counts);
 * target vs achieved rate is reported and a generator that cannot hold the rate marks the run saturated.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../src-engine/bench/thread/generator.js';
import type { LoadOutcome } from '../../src-engine/bench/thread/jobs.js';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { tempDir } from '../helpers/tmp.js';
import { kiraBench } from './helpers/kira-cli.js';
import { listen, type TestServer } from './helpers/servers.js';

const tmp = tempDir('kira-bench-open-');
let api: TestServer;

beforeAll(async () => {
  api = await listen((req, res) => {
    if (req.url === '/never') return; // stalls for good
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200, { 'content-length': 2 }).end('ok'), 50);
    res.writeHead(200, { 'content-length': 2 }).end('ok');
  });
});
afterAll(async () => {
  await api.close();
  tmp.cleanup();
});

describe('open model', () => {
  it('stops at its duration against a server that never answers: 4 in flight, the other 396 of 400 dropped', async () => {
    const started = performance.now();
    const out = (await runJob(
      {
        kind: 'load',
        scenario: 'never',
        base_url: api.url,
        request: { method: 'GET', path: '/never', headers: {}, body: null, expect_status: [200] },
        model: { type: 'open', rate: 200, users: 4 },
        bounds: { duration_ms: 2000, max_requests: 1_000_000 },
        warmup: { duration_ms: 0, max_requests: 0 },
        timeout_ms: 10_000,
        progress_ms: 1000,
      },
      new AbortController().signal,
      () => {},
    )) as LoadOutcome;
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThanOrEqual(2000 * 1.1);
    expect(out.measured.requests).toBe(0);
    expect(out.measured.unfinished).toBe(4);
    expect(out.measured.dropped).toBe(396);
  });

  it('reports target vs achieved rate and marks a run saturated when its connections cannot carry the rate', async () => {
    const json = tmp.path('slow.json');
    const r = await kiraBench([`${api.url}/slow`, '-r', '200', '-c', '2', '-d', '1', '--no-history', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8')) as BenchResult;
    const s = result.scenarios[0]!;
    // 200 requests were due in the second: each was answered, still out at the end, or dropped.
    expect(s.requests + (s.dropped ?? 0) + (s.unfinished ?? 0)).toBe(200);
    expect(s.dropped).toBeGreaterThan(100);
    expect(s.rate?.target).toBe(200);
    expect(s.rate?.achieved).toBeLessThan(180);
    expect(s.saturated).toBe(true);
    expect(s.saturation).toMatch(/^connections: all 2 were waiting on the server/);
    expect(result.saturated).toBe(true);
    expect(r.stdout).toMatch(/Rate get_slow: target 200 req\/s, achieved [\d.]+, dropped \d+ — SATURATED/);
    expect(result.recommendations.join('\n')).toMatch(/the server is the limit/);
  });

  it('is not saturated when the rate is held', async () => {
    const json = tmp.path('fast.json');
    const r = await kiraBench([`${api.url}/fast`, '-r', '50', '-c', '4', '-d', '1', '--no-history', '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    const s = (JSON.parse(readFileSync(json, 'utf8')) as BenchResult).scenarios[0]!;
    // Every one of the 50 requests due in the second is accounted for, exactly.
    expect(s.requests + (s.dropped ?? 0) + (s.unfinished ?? 0)).toBe(50);
    // Held: not saturated, the rate reached, and (unlike the slow server above, which drops most) almost nothing
    // dropped or left out. Why not exactly 0: the honest model drops what was due but unsent at the deadline and
    // stops a 30 ms grace after it, so a generator thread descheduled near the end of the second (a busy CI
    // machine) loses the last request or two with connections free. That is the generator's lateness, not the
    // connections'; the bound is the share the saturation rule itself tolerates (10%).
    expect(s.saturated).toBe(false);
    expect(s.saturation).toBeUndefined();
    expect(s.rate?.achieved).toBeGreaterThanOrEqual(45);
    expect((s.dropped ?? 0) + (s.unfinished ?? 0)).toBeLessThanOrEqual(5);
  });
});
