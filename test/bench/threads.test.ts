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
const urls: string[] = [];
beforeAll(async () => {
  api = await listen((req, res) => {
    hits++;
    urls.push(req.url ?? '');
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

  it('spreads a scripted scenario fed from a CSV file over two processes, each row to one of them', async () => {
    writeFileSync(tmp.path('ids.csv'), ['id', ...Array.from({ length: 50 }, (_, i) => `r${i}`)].join('\n'));
    writeFileSync(
      tmp.path('script.json'),
      JSON.stringify({
        scenarios: [
          {
            name: 's',
            steps: [{ name: 'get', request: { path: '/rows/{{id}}' }, tags: ['rows'] }],
            data: { file: 'ids.csv' },
            count: 40,
            model: { users: 4 },
          },
        ],
      }),
    );
    urls.length = 0;
    const r = await kiraBench([
      '--target',
      api.url,
      '--suite',
      tmp.path('script.json'),
      '--threads',
      '2',
      '--no-history',
      '--json',
      tmp.path('s.json'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = (JSON.parse(readFileSync(tmp.path('s.json'), 'utf8')) as BenchResult).scenarios[0]!;
    expect(s.requests).toBe(40);
    expect(s.tags?.rows?.requests).toBe(40);
    expect(s.iterations?.completed).toBe(40);
    expect(s.generators).toMatchObject({ threads: 2, chosen: 'explicit' });
    // A process per generator: each measured its own CPU, and their requests add up.
    expect(s.generators?.per_thread.map((t) => t.requests)).toEqual([20, 20]);
    for (const t of s.generators!.per_thread) expect(t.cpu_ms).toBeGreaterThan(0);
    // Rows r0…r39, each sent once: the two processes took alternate rows.
    expect([...urls].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `/rows/r${i}`).sort());
  });
});
