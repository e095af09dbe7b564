import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { tempDir } from '../helpers/tmp.js';
import { kiraBench } from './helpers/kira-cli.js';
import { eventStreams, listen, type TestServer } from './helpers/servers.js';

// `kira bench` as a user runs it: the built CLI in a child process, against a plain node:http API.
const tmp = tempDir('kira-bench-cli-');
let api: TestServer;
const streams = eventStreams();
let nextId = 1;

const kira = (args: string[], env: Record<string, string> = {}) => kiraBench(args, { KIRA_DATA_DIR: tmp.dir, ...env });

beforeAll(async () => {
  api = await listen((req, res) => {
    if (req.headers['x-key'] !== 'k1') return void res.writeHead(401).end();
    if (req.url === '/fast') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (req.url === '/teapot') return void res.writeHead(418).end();
    if (req.url === '/stream') return streams.open(res);
    if (req.url === '/items' && req.method === 'POST') {
      const id = nextId++;
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      // The live push follows the write a little later, as a real engine's would.
      setTimeout(() => streams.send('changed', `{"id":${id}}`), 5);
      return;
    }
    if (req.url?.startsWith('/items/') && req.method === 'DELETE') {
      res.writeHead(204).end();
      streams.send('changed', '{}');
      return;
    }
    res.writeHead(404).end();
  });
  writeFileSync(
    tmp.path('suite.json'),
    JSON.stringify({
      name: 'api-smoke',
      defaults: { duration_s: 0.5, warmup_requests: 5 },
      scenarios: [
        { name: 'fast', request: { method: 'GET', path: '/fast' }, model: { type: 'closed', users: 2 } },
        { name: 'fast_open', request: { method: 'GET', path: '/fast' }, model: { type: 'open', rate: 100, users: 4 } },
        { name: 'teapot', request: { method: 'GET', path: '/teapot' }, count: 20, warmup: 0 },
        {
          name: 'push',
          type: 'push',
          stream: { path: '/stream', event: 'changed' },
          write: { method: 'POST', path: '/items', body: { a: 1 }, expect_status: [201] },
          cleanup: { method: 'DELETE', path: '/items/{{id}}' },
          count: 5,
        },
        {
          name: 'push_missing',
          type: 'push',
          stream: { path: '/nope', event: 'changed' },
          write: { method: 'POST', path: '/items' },
          count: 2,
        },
      ],
    }),
  );
  writeFileSync(tmp.path('tight.json'), JSON.stringify({ name: 'tight', scenarios: { fast: { mean_ms: 0.001 } } }));
});
afterAll(async () => {
  streams.end();
  await api.close();
  tmp.cleanup();
});

const target = () => ['--target', api.url, '--header', 'X-Key: k1', '--suite', tmp.path('suite.json')];

describe('kira bench --target (any HTTP API)', () => {
  let first: BenchResult;

  it('runs the suite, prints the graded table and writes a complete JSON report', async () => {
    // teapot fails every request on purpose; the success gate (default 99%) is off here so the reports are the subject.
    const r = await kira([
      ...target(),
      '--min-success',
      '0',
      '--json',
      tmp.path('r1.json'),
      '--markdown',
      tmp.path('r1.md'),
      '--csv',
      tmp.path('r1.csv'),
    ]);
    expect(r.stderr).toContain('[1/5] fast:');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Endpoint\s+Avg\s+P50\s+P95\s+P99\s+Success/);
    first = JSON.parse(readFileSync(tmp.path('r1.json'), 'utf8')) as BenchResult;
    expect(first.verdict).toMatch(/^(EXCELLENT|GOOD|NEEDS IMPROVEMENT)$/);
    const byName = Object.fromEntries(first.scenarios.map((s) => [s.name, s]));
    const fast = byName.fast!;
    expect(fast.requests).toBeGreaterThan(10);
    expect(fast.success_rate).toBe(100);
    expect(fast.throughput).toBeGreaterThan(0);
    expect(Object.keys(fast.latency_ms).sort()).toEqual(['max', 'mean', 'min', 'p50', 'p90', 'p95', 'p99', 'p999', 'stddev']);
    expect(fast.latency_ms.p50).toBeLessThanOrEqual(fast.latency_ms.p99);
    expect(fast.histogram.length).toBeGreaterThan(0);
    expect(fast.warmup?.requests).toBe(5);
    expect(fast.grade).not.toBeNull();
    expect(fast.grade_reasons.length).toBeGreaterThan(0);
    // Open model: ~100 req/s for 0.5 s.
    expect(byName.fast_open!.requests).toBe(50);
    // Every answer was an unexpected status: 0% success, graded D, not counted fast.
    expect(byName.teapot!.requests).toBe(20);
    expect(byName.teapot!.errors.status).toBe(20);
    expect(byName.teapot!.grade).toBe('D');
    expect(first.verdict_detail).toEqual({ fast: 2, graded: 3, share: 0.667 });
    // Push latency: each write's event arrived, after the 5 ms the server waits before pushing (less up to 1 ms:
    // libuv starts a timer from the loop's cached time, which can lag the moment setTimeout is called).
    expect(byName.push!.skip_reason ?? '').toBe('');
    expect(byName.push!.status).toBe('ok');
    expect(byName.push!.requests).toBe(5);
    expect(byName.push!.error_total).toBe(0);
    expect(byName.push!.latency_ms.min).toBeGreaterThanOrEqual(4);
    expect(byName.push!.counts_for_verdict).toBe(false);
    expect(byName.push_missing!.status).toBe('skipped');
    expect(byName.push_missing!.skip_reason).toContain('answered 404');
    expect(readFileSync(tmp.path('r1.md'), 'utf8')).toMatch(/\| `fast` \|/);
    expect(readFileSync(tmp.path('r1.csv'), 'utf8').split('\n')[0]).toMatch(/^scenario,type,status/);
    expect(r.stdout).toMatch(/Stored as run 1 in /);
  });

  it('stores every run and compares two, per scenario, against the noise', async () => {
    const r = await kira([...target(), '--scenario', 'fast', '--compare', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Stored as run 2 in /);
    expect(r.stdout).toMatch(/Compared with run 1 \(this run: 2\)/);
    expect(r.stdout).toMatch(/^fast\s+\S+ms\s+\S+ms\s+[+-]\S+ms\s+[+-]\S+%\s+±\S+ms\s+.*(within noise|faster|slower)$/m);
  });

  it('exits 1 when a budget fails, naming it', async () => {
    const r = await kira([...target(), '--scenario', 'fast', '--budget', tmp.path('tight.json'), '--no-history']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL fast: mean .* budget < 0\.001 ms/);
  });

  it('exits 2 on usage errors: no target, unknown scenario, remote without --allow-remote', async () => {
    expect((await kira(['--suite', tmp.path('suite.json')])).code).toBe(2);
    expect((await kira([...target(), '--scenario', 'nope'])).code).toBe(2);
    const remote = await kira(['--target', 'http://192.0.2.1:9', '--suite', tmp.path('suite.json')]);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--allow-remote');
    // With the opt-in, the per-run caps still refuse an oversized plan before any load is sent.
    writeFileSync(
      tmp.path('many.json'),
      JSON.stringify({ scenarios: Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, request: { path: '/' } })) }),
    );
    const many = await kira(['--target', 'http://192.0.2.1:9', '--allow-remote', '--suite', tmp.path('many.json'), '--no-history']);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('at most 10');
  });
});
