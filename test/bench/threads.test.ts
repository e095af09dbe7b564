/**
 * Load spread over several generators (issue 15.4): each endpoint scenario's users, rate and request count are
 * shared out so the generators together ask for exactly what one would, and their runs merge exactly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitJob } from '../../src-engine/bench/split.js';
import { shares } from '../../src-engine/core/bench/threads.js';
import type { LoadJob } from '../../src-engine/bench/thread/jobs.js';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { tempDir } from '../helpers/tmp.js';
import { kiraBench } from './helpers/kira-cli.js';
import { listen, type TestServer } from './helpers/servers.js';

const tmp = tempDir('kira-bench-threads-');
let api: TestServer;
let hits = 0;
beforeAll(async () => {
  api = await listen((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-length': 2 }).end('ok');
  });
});
afterAll(async () => {
  await api.close();
  tmp.cleanup();
});

describe('splitting a job', () => {
  const job: LoadJob = {
    kind: 'load',
    scenario: 'x',
    base_url: 'http://127.0.0.1:1',
    request: { method: 'GET', path: '/', headers: {}, body: null, expect_status: [200] },
    model: { type: 'open', rate: 301, users: 5 },
    bounds: { duration_ms: 1000, max_requests: 101 },
    warmup: { duration_ms: 1000, max_requests: 3 },
    timeout_ms: 1000,
    progress_ms: 250,
  };
  it('shares users, rate and counts so that the parts add up exactly', () => {
    expect(shares(101, 2)).toEqual([51, 50]);
    const parts = splitJob(job, 2);
    expect(parts.map((p) => p.model)).toEqual([
      { type: 'open', rate: 150.5, users: 3 },
      { type: 'open', rate: 150.5, users: 2 },
    ]);
    expect(parts.map((p) => p.bounds.max_requests)).toEqual([51, 50]);
    expect(parts.map((p) => p.warmup.max_requests)).toEqual([2, 1]);
    // Not split: fewer users than parts (staged jobs are: test/bench/split-stages.test.ts).
    expect(splitJob({ ...job, model: { type: 'closed', users: 1 } }, 2)).toHaveLength(1);
  });
});

describe('kira bench --threads 2', () => {
  it('sends exactly the counted requests from two generator processes and merges them', async () => {
    writeFileSync(
      tmp.path('suite.json'),
      JSON.stringify({ scenarios: [{ name: 'x', request: { path: '/' }, count: 101, warmup: 3, model: { users: 4 } }] }),
    );
    hits = 0;
    const r = await kiraBench([
      '--target',
      api.url,
      '--suite',
      tmp.path('suite.json'),
      '--threads',
      '2',
      '--no-history',
      '--json',
      tmp.path('r.json'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(tmp.path('r.json'), 'utf8')) as BenchResult;
    const s = result.scenarios[0]!;
    expect(s.requests).toBe(101);
    expect(s.warmup?.requests).toBe(3);
    expect(hits).toBe(104);
    expect(s.samples).toBe(101);
    expect(s.timeline?.reduce((n, p) => n + p.requests, 0)).toBe(101);
    expect(result.environment.load_generator).toMatch(/^2 child processes/);
    expect((await kiraBench(['--target', api.url, '--suite', tmp.path('suite.json'), '--threads', '9'])).code).toBe(2);
  });
});
