/**
 * Scripted, staged and paired scenarios spread over several generator threads (issue 15.4), against real loopback
 * servers: counts add up exactly across threads, a data feeder's rows are each used once, per-tag figures merge,
 * both variants of a paired scenario get the same thread count, and push stays on one generator and says why.
 * Counts are checked, never times: a per-thread send cap makes one generator saturate the same way on any machine.
 */
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../../src-engine/bench/runner.js';
import { runJob } from '../../src-engine/bench/thread/generator.js';
import { parseSuite } from '../../src-engine/core/bench/suite.js';
import { arrivalsDue } from '../../src-engine/core/bench/threads.js';
import type { EndpointScenario, Target } from '../../src-engine/core/bench/types.js';
import { answerLogin, eventStreams, listenWithBody, type TestServer } from './helpers/servers.js';

let api: TestServer;
/** Every login the server saw, by user; and GETs that came with that user's token. */
const logins: string[] = [];
let authorisedGets = 0;
let refused = 0;
const variants: Record<string, number> = {};
let inflight = 0;
let maxInflight = 0;
let staged = 0;
const streams = eventStreams();

beforeAll(async () => {
  api = await listenWithBody((req, res, body) => {
    if (req.method === 'POST' && req.url === '/login') return void logins.push(answerLogin(body, res));
    const item = /^\/items\/(u\d+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && item) {
      // The token must be the one this row's login got: a row mixed up between threads would be refused.
      if (req.headers.authorization !== `Bearer t-${item[1]}`) {
        refused++;
        return void res.writeHead(401).end();
      }
      authorisedGets++;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }
    if (req.url === '/paired') {
      const v = String(req.headers['x-variant']);
      variants[v] = (variants[v] ?? 0) + 1;
      return void res.writeHead(200, { 'content-length': 2 }).end('ok');
    }
    if (req.url === '/staged') {
      staged++;
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      return void setTimeout(() => {
        inflight--;
        res.writeHead(200, { 'content-length': 2 }).end('ok');
      }, 10);
    }
    if (req.url === '/stream') return streams.open(res);
    if (req.url === '/write' && req.method === 'POST') {
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":1}');
      streams.send('changed', '{}');
      return;
    }
    res.writeHead(404).end();
  });
});
afterAll(() => api.close());

const target = (): Target => ({ base_url: api.url, headers: {}, label: 'test', remote: false });
const cores = Math.min(8, availableParallelism());
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ user: `u${i}` }));
const flow = [
  {
    name: 'login',
    request: { method: 'POST', path: '/login', body: { user: '{{user}}' } },
    extract: { token: '/token' },
    checks: [{ status: 200 }],
    tags: ['auth'],
  },
  {
    name: 'item',
    request: { method: 'GET', path: '/items/{{user}}', headers: { authorization: 'Bearer {{token}}' } },
    checks: [{ pointer: '/ok', equals: true }],
  },
];
const reset = () => {
  logins.length = 0;
  authorisedGets = 0;
  refused = 0;
};

describe('a scripted scenario on two threads', () => {
  it('adds up requests, iterations and tags exactly, and feeds each data row to one thread only', async () => {
    reset();
    // 60 step requests = 30 iterations of 2 steps; one user per thread (so iterations end on the count): 30 requests
    // each thread, rows 0, 2, 4, … on one and 1, 3, 5, … on the other.
    const suite = parseSuite({
      scenarios: [{ name: 'flow', steps: flow, data: { rows: rows(40) }, count: 60, model: { type: 'closed', users: 2 } }],
    });
    const s = (await runSuite(suite, target(), { threads: 2 })).scenarios[0]!;
    expect(s.status).toBe('ok');
    expect(s.generators).toMatchObject({ threads: 2, chosen: 'explicit' });
    expect(s.generators?.per_thread.map((t) => t.requests)).toEqual([30, 30]);
    expect(s.requests).toBe(60);
    expect(s.error_total).toBe(0);
    expect(s.check_failures).toBe(0);
    expect(s.iterations).toEqual({ scheduled: 30, started: 30, completed: 30, dropped: 0 });
    expect(s.tags?.['step:login']?.requests).toBe(30);
    expect(s.tags?.['step:item']?.requests).toBe(30);
    expect(s.tags?.auth?.requests).toBe(30);
    // Exactly the first 30 rows, each once: no row was fed to both threads.
    expect([...logins].sort()).toEqual(
      rows(30)
        .map((r) => r.user)
        .sort(),
    );
    expect(authorisedGets).toBe(30);
    expect(refused).toBe(0);
    for (const t of s.generators!.per_thread) expect(t.busy).toBeGreaterThan(0);
  });

  it('calibrates a heavy scripted open scenario, spreads it, and keeps its rows unique past the calibration', async () => {
    reset();
    // 250 iterations/s for 1 s on threads capped at 100 arrivals/s: one thread sends arrivals late with users idle.
    const suite = parseSuite({
      scenarios: [{ name: 'flow', steps: flow, data: { rows: rows(1000) }, duration_s: 1, model: { type: 'open', rate: 250, users: 8 } }],
    });
    const s = (await runSuite(suite, target(), { threadRateCap: 100 })).scenarios[0]!;
    const g = s.generators!;
    expect(g.chosen).toBe('auto');
    expect(g.calibration?.sent_late_share).toBeGreaterThan(0.3);
    // 250 × 1.1 ÷ ~100 → 3 threads (4 if the calibration reached a little under 92/s), up to the cores.
    expect(g.threads).toBeGreaterThanOrEqual(Math.min(cores, 3));
    expect(g.threads).toBeLessThanOrEqual(Math.min(cores, 4));
    expect(g.per_thread).toHaveLength(g.threads);
    expect(g.reason).toContain('sent late');
    // Arrivals add up to one generator's schedule exactly: each was started or dropped.
    expect(s.iterations?.scheduled).toBe(250);
    expect(s.iterations!.started + s.iterations!.dropped).toBe(250);
    expect(g.per_thread.reduce((n, t) => n + t.requests, 0)).toBe(s.requests);
    // Calibration and measured run together never fed a row twice.
    expect(new Set(logins).size).toBe(logins.length);
    expect(logins.length).toBeGreaterThan(s.iterations!.started);
    expect(refused).toBe(0);
  });
});

describe('the per-thread cap on a closed scripted job', () => {
  it('paces step sends: 50/s for 0.4 s lets at most 20 leave, however many users wait', async () => {
    reset();
    const out = await runJob(
      {
        kind: 'script',
        scenario: 'capped',
        base_url: api.url,
        headers: {},
        base_path: '',
        steps: flow.map((st) => ({ ...st, request: { ...st.request, method: st.request.method as 'GET' | 'POST' } })),
        rows: rows(100),
        model: { type: 'closed', users: 4 },
        bounds: { duration_ms: 400, max_requests: 1_000_000 },
        warmup: { duration_ms: 0, max_requests: 0 },
        timeout_ms: 5000,
        progress_ms: 1000,
        thread_rate_cap: 50,
      },
      new AbortController().signal,
      () => {},
    );
    if (out.kind !== 'script') throw new Error('expected a script outcome');
    // Send k may not leave before 20·k ms, and none at or after 400 ms: 20 at most (uncapped, thousands would).
    expect(out.measured.requests).toBeGreaterThan(0);
    expect(out.measured.requests).toBeLessThanOrEqual(20);
    expect(logins.length + authorisedGets).toBe(out.measured.requests);
    expect(out.rows_taken).toBe(out.iterations.started);
    expect(out.measured.generator_busy).toBeGreaterThanOrEqual(0);
  });
});

describe('staged scenarios on two threads', () => {
  it('an open ramp sends exactly the single schedule’s arrivals, shared over the threads', async () => {
    const stages = [
      { duration_s: 0.5, rate: 100 },
      { duration_s: 0.5, rate: 100 },
    ];
    const suite = parseSuite({
      scenarios: [{ name: 'ramp', request: { path: '/paired' }, stages, warmup: 0, model: { type: 'open', rate: 1, users: 8 } }],
    });
    // 0 → 100/s over 0.5 s is 25 arrivals, holding 100/s for 0.5 s 50 more: what one generator would schedule.
    expect(arrivalsDue((suite.scenarios[0] as EndpointScenario).model, 1000)).toBe(75);
    const before = variants.undefined ?? 0;
    const s = (await runSuite(suite, target(), { threads: 2 })).scenarios[0]!;
    expect(s.generators?.threads).toBe(2);
    expect(s.requests + (s.dropped ?? 0) + (s.unfinished ?? 0)).toBe(75);
    expect(s.generators?.per_thread.map((t) => t.requests).reduce((a, b) => a + b, 0)).toBe(s.requests);
    expect((variants.undefined ?? 0) - before).toBe(s.requests + (s.unfinished ?? 0));
  });

  it('a closed ramp from 1 user shares each stage, never running more users than the peak', async () => {
    maxInflight = 0;
    staged = 0;
    const stages = [
      { duration_s: 0.3, users: 1 },
      { duration_s: 0.3, users: 4 },
      { duration_s: 0.3, users: 4 },
    ];
    const suite = parseSuite({ scenarios: [{ name: 'ramp', request: { path: '/staged' }, stages, warmup: 0 }] });
    const s = (await runSuite(suite, target(), { threads: 2 })).scenarios[0]!;
    expect(s.generators?.threads).toBe(2);
    // Each thread opens its own peak share (2 + 2): together exactly the stage's 4 users at the peak, never more.
    expect(maxInflight).toBe(4);
    expect(s.error_total).toBe(0);
    expect(s.generators?.per_thread.every((t) => t.requests > 0)).toBe(true);
    expect(s.requests).toBe(staged);
  });
});

describe('paired and push scenarios', () => {
  it('runs both variants of a paired scenario on the same two threads', async () => {
    for (const k of Object.keys(variants)) delete variants[k];
    const suite = parseSuite({
      scenarios: [
        {
          name: 'pair',
          type: 'paired',
          request: { path: '/paired' },
          variants: [
            { label: 'miss', headers: { 'x-variant': 'a' } },
            { label: 'hit', headers: { 'x-variant': 'b' } },
          ],
          count: 41,
          warmup: 3,
          model: { type: 'closed', users: 4 },
        },
      ],
    });
    const s = (await runSuite(suite, target(), { threads: 2 })).scenarios[0]!;
    expect(s.generators).toMatchObject({ threads: 2, chosen: 'explicit' });
    expect(s.paired?.a.requests).toBe(41);
    expect(s.paired?.b.requests).toBe(41);
    // Each thread ran its share of both variants: 21 + 21 and 20 + 20.
    expect(s.generators?.per_thread.map((t) => t.requests)).toEqual([42, 40]);
    expect(variants).toEqual({ a: 44, b: 44 });
  });

  it('keeps push on one generator whatever the thread count, and says why', async () => {
    const suite = parseSuite({
      scenarios: [
        {
          name: 'push',
          type: 'push',
          stream: { path: '/stream', event: 'changed' },
          write: { method: 'POST', path: '/write', body: { a: 1 }, expect_status: [201] },
          count: 3,
        },
      ],
    });
    const s = (await runSuite(suite, target(), { threads: 2 })).scenarios[0]!;
    expect(s.status).toBe('ok');
    expect(s.requests).toBe(3);
    expect(s.error_total).toBe(0);
    expect(s.generators).toMatchObject({ threads: 1, chosen: 'single' });
    expect(s.generators?.reason).toMatch(/^push: one sequential write → event probe/);
    expect(s.generators?.per_thread).toHaveLength(1);
  });
});
