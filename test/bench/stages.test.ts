/**
 * Load stages (issue 15.4): users or rate ramped linearly from the previous stage (the first from 0). The
 * schedule is checked exactly (pure), an open staged run by its exact request count, a closed one by the
 * concurrency the server saw, and malformed stages by their errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../src-engine/bench/thread/generator.js';
import type { LoadOutcome } from '../../src-engine/bench/thread/jobs.js';
import { RateSchedule, usersAt } from '../../src-engine/bench/thread/ramp.js';
import { parseSuite } from '../../src-engine/core/bench/suite.js';
import type { EndpointScenario } from '../../src-engine/core/bench/types.js';
import { listen, type TestServer } from './helpers/servers.js';

describe('the ramp', () => {
  it('schedules an open ramp exactly: 0 → 100 req/s over 1 s is 50 requests, then 100 more in the next second', () => {
    const s = new RateSchedule([
      { duration_ms: 1000, rate: 100 },
      { duration_ms: 1000, rate: 100 },
    ]);
    expect(s.intendedAt(50)).toBeCloseTo(1000, 6);
    expect(s.intendedAt(60)).toBeCloseTo(1100, 6);
    expect(s.intendedAt(150)).toBeCloseTo(2000, 6);
    expect(s.intendedAt(151)).toBeNull();
    // Inside the ramp, n = b·t²/2: the request after 2 others at √(2·2/0.0001) ms; the first at 0.
    const ramp = new RateSchedule([{ duration_ms: 1000, rate: 100 }]);
    expect(ramp.intendedAt(0)).toBe(0);
    expect(ramp.intendedAt(2)).toBeCloseTo(Math.sqrt(40_000), 6);
  });

  it('starts closed users as the ramp reaches them', () => {
    const stages = [
      { duration_ms: 1000, users: 10 },
      { duration_ms: 1000, users: 2 },
    ];
    expect([0, 1, 500, 1000, 1500, 2000, 5000].map((t) => usersAt(stages, t))).toEqual([0, 1, 5, 10, 6, 2, 2]);
  });

  it('parses stages strictly', () => {
    const one = (stages: unknown, extra: Record<string, unknown> = {}) =>
      parseSuite({ scenarios: [{ name: 'a', request: { path: '/' }, stages, ...extra }] });
    const closed = one([
      { duration_s: 1, users: 5 },
      { duration_s: 2, users: 20 },
    ]).scenarios[0] as EndpointScenario;
    expect(closed.model).toEqual({
      type: 'closed',
      users: 20,
      stages: [
        { duration_ms: 1000, users: 5 },
        { duration_ms: 2000, users: 20 },
      ],
    });
    expect(closed.bounds.duration_ms).toBe(3000);
    const open = one([{ duration_s: 1, rate: 50 }], { model: { type: 'open', rate: 1, users: 8 } }).scenarios[0] as EndpointScenario;
    expect(open.model).toEqual({ type: 'open', rate: 50, users: 8, stages: [{ duration_ms: 1000, rate: 50 }] });
    expect(() =>
      one([
        { duration_s: 1, users: 5 },
        { duration_s: 1, rate: 5 },
      ]),
    ).toThrow('all users stages (closed) or all rate stages (open)');
    expect(() => one([{ duration_s: 1, users: 5, rate: 5 }])).toThrow('users (closed) or rate (open), not both');
    expect(() => one([{ duration_s: 1, users: 5 }], { duration_s: 3 })).toThrow('is set by the stages');
    expect(() => one([{ duration: 1, users: 5 }])).toThrow('scenarios[0].stages[0].duration is not a known key; did you mean duration_s?');
  });
});

describe('staged runs (loopback)', () => {
  let server: TestServer;
  let inflight = 0;
  let maxInflight = 0;
  beforeAll(async () => {
    server = await listen((req, res) => {
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      const delay = req.url === '/slow' ? 20 : 0;
      setTimeout(() => {
        inflight--;
        res.writeHead(200, { 'content-length': 2 }).end('ok');
      }, delay);
    });
  });
  afterAll(() => server.close());

  const job = (path: string, model: EndpointScenario['model'], duration_ms: number) =>
    runJob(
      {
        kind: 'load',
        scenario: path,
        base_url: server.url,
        request: { method: 'GET', path, headers: {}, body: null, expect_status: [200] },
        model,
        bounds: { duration_ms, max_requests: 1_000_000 },
        warmup: { duration_ms: 0, max_requests: 0 },
        timeout_ms: 5000,
        progress_ms: 1000,
      },
      new AbortController().signal,
      () => {},
    ) as Promise<LoadOutcome>;

  it('an open ramp sends exactly the scheduled requests: 25 while ramping to 100 req/s in 0.5 s, 50 more holding it', async () => {
    const out = await job(
      '/fast',
      {
        type: 'open',
        rate: 100,
        users: 8,
        stages: [
          { duration_ms: 500, rate: 100 },
          { duration_ms: 500, rate: 100 },
        ],
      },
      1000,
    );
    expect(out.measured.requests + (out.measured.dropped ?? 0) + (out.measured.unfinished ?? 0)).toBe(75);
    expect(out.measured.errors).toEqual({ status: 0, timeout: 0, connection: 0 });
  });

  it('a closed ramp brings users in as it goes, up to the largest stage', async () => {
    maxInflight = 0;
    const out = await job(
      '/slow',
      {
        type: 'closed',
        users: 4,
        stages: [
          { duration_ms: 300, users: 1 },
          { duration_ms: 300, users: 4 },
        ],
      },
      600,
    );
    expect(maxInflight).toBe(4);
    expect(out.measured.requests).toBeGreaterThan(0);
    // With 20 ms answers, 4 users for 0.6 s could send at most 120; the ramp sends fewer.
    expect(out.measured.requests).toBeLessThan(120);
  });
});
