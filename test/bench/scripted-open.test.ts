/**
 * Scripted scenarios beyond the closed model (issue 15.3/15.4): in the open model each arrival runs one pass
 * through the steps on an idle user; arrivals that never get a user before the deadline are dropped (exact
 * counts); stages ramp the arrivals; a scripted warm-up is sent first and reported apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../../src-engine/bench/runner.js';
import { runJob } from '../../src-engine/bench/thread/generator.js';
import type { ScriptJob, ScriptOutcome } from '../../src-engine/bench/thread/jobs.js';
import { parseSuite } from '../../src-engine/core/bench/suite.js';
import type { LoadModel, ScriptStep, Target } from '../../src-engine/core/bench/types.js';
import { listen, type TestServer } from './helpers/servers.js';

let api: TestServer;
let logins = 0;
let reads = 0;

beforeAll(async () => {
  api = await listen((req, res) => {
    if (req.url === '/never') return; // holds the request for good
    if (req.method === 'POST' && req.url === '/login') {
      logins++;
      return void req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t1"}'));
    }
    if (req.url === '/items/7' && req.headers.authorization === 'Bearer t1') {
      reads++;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7}');
    }
    res.writeHead(401).end();
  });
});
afterAll(() => api.close());

const target = (): Target => ({ base_url: api.url, headers: {}, label: 'test', remote: false });

const flow: ScriptStep[] = [
  { name: 'login', request: { method: 'POST', path: '/login', body: { user: 'ana' } }, extract: { token: '/token' } },
  { name: 'item', request: { method: 'GET', path: '/items/7', headers: { authorization: 'Bearer {{token}}' } }, checks: [{ status: 200 }] },
];

function scriptJob(steps: ScriptStep[], model: LoadModel, duration_ms: number): ScriptJob {
  return {
    kind: 'script',
    scenario: 'flow',
    base_url: api.url,
    headers: {},
    base_path: '',
    steps,
    rows: null,
    model,
    bounds: { duration_ms, max_requests: 1_000_000 },
    warmup: { duration_ms: 0, max_requests: 0 },
    timeout_ms: 5000,
    progress_ms: 250,
  };
}

describe('scripted scenarios in the open model', () => {
  it('runs one pass through the steps per arrival: 50 arrivals in 1 s at 50/s, 100 requests, none dropped', async () => {
    logins = 0;
    reads = 0;
    const suite = parseSuite({
      scenarios: [{ name: 'flow', duration_s: 1, model: { type: 'open', rate: 50, users: 8 }, steps: flow, tags: ['api'] }],
    });
    const result = await runSuite(suite, target(), { threads: 1 });
    const s = result.scenarios[0]!;
    expect(s.iterations).toEqual({ scheduled: 50, started: 50, completed: 50, dropped: 0 });
    expect(s.requests).toBe(100);
    expect(logins).toBe(50);
    expect(reads).toBe(50);
    expect(s.success_rate).toBe(100);
    expect(s.tags?.['step:login']?.requests).toBe(50);
    expect(s.tags?.api?.requests).toBe(100);
    // The rate of an open scripted scenario counts iterations, not requests.
    expect(s.rate?.target).toBe(50);
    expect(s.rate?.achieved).toBeGreaterThan(45);
    expect(s.rate?.achieved).toBeLessThanOrEqual(50);
    expect(s.saturated).toBe(false);
    expect(s.window_ms).toBeLessThanOrEqual(1100);
  });

  it('drops the arrivals that never get a user, and stops at its duration (within 10%)', async () => {
    const started = performance.now();
    const out = (await runJob(
      scriptJob([{ name: 'hold', request: { method: 'GET', path: '/never' } }], { type: 'open', rate: 100, users: 3 }, 2000),
      new AbortController().signal,
      () => {},
    )) as ScriptOutcome;
    expect(performance.now() - started).toBeLessThanOrEqual(2000 * 1.1);
    // 200 arrivals due (n·10 ms < 2000 ms); 3 took the 3 users and never came back; 197 dropped.
    expect(out.iterations).toEqual({ scheduled: 200, started: 3, completed: 0, dropped: 197 });
    expect(out.measured.dropped).toBe(197);
    expect(out.measured.unfinished).toBe(3);
    expect(out.measured.requests).toBe(0);
  });

  it('ramps arrivals with stages: 0 → 100/s over 1 s is exactly 50 iterations', async () => {
    logins = 0;
    const out = (await runJob(
      scriptJob(flow, { type: 'open', rate: 100, users: 8, stages: [{ duration_ms: 1000, rate: 100 }] }, 1000),
      new AbortController().signal,
      () => {},
    )) as ScriptOutcome;
    expect(out.iterations.scheduled).toBe(50);
    expect(out.iterations.started + out.iterations.dropped).toBe(50);
    expect(out.measured.requests).toBe(out.iterations.started * 2 - (out.iterations.started - out.iterations.completed));
    expect(logins).toBe(out.iterations.started);
  });
});

describe('scripted warm-up and closed stages', () => {
  it('sends a scripted warm-up first and reports it apart', async () => {
    logins = 0;
    reads = 0;
    const suite = parseSuite({
      scenarios: [{ name: 'flow', count: 10, warmup: 4, model: { users: 2 }, steps: flow }],
    });
    const s = (await runSuite(suite, target(), { threads: 1 })).scenarios[0]!;
    expect(s.requests).toBe(10);
    expect(s.warmup?.requests).toBe(4);
    expect(logins + reads).toBe(14);
  });

  it('has no warm-up unless the scenario asks (a flow may write)', () => {
    const suite = parseSuite({ scenarios: [{ name: 'flow', count: 10, steps: flow }] });
    expect(suite.scenarios[0]?.type === 'endpoint' && suite.scenarios[0].warmup.max_requests).toBe(0);
  });

  it('ramps closed-model users with stages and stops at the stages’ end', async () => {
    const suite = parseSuite({
      scenarios: [{ name: 'flow', stages: [{ duration_s: 0.5, users: 3 }], steps: flow }],
    });
    const s = (await runSuite(suite, target(), { threads: 1 })).scenarios[0]!;
    expect(s.requests).toBeGreaterThan(0);
    expect(s.success_rate).toBe(100);
    expect(s.window_ms).toBeLessThanOrEqual(550);
  });
});
