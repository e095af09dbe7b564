/**
 * Benchmark target safety (issue 11, item 5): a run against another host is capped per run — total requests,
 * duration, rate and scenario count — for every load model, closed included. These tests never send traffic
 * to a non-loopback address: the caps are checked on the resolved plan, and the closed model's pacing against
 * a loopback server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../src-engine/bench/thread/generator.js';
import { REMOTE_CAPS, parseSuite, resolveSuite } from '../../src-engine/core/bench/suite.js';
import type { LoadOutcome } from '../../src-engine/bench/thread/jobs.js';
import type { EndpointScenario, PairedScenario } from '../../src-engine/core/bench/types.js';
import { ValidationError } from '../../src-engine/core/errors.js';
import { listen, type TestServer } from './helpers/servers.js';

const scenario = (i: number, model: unknown, extra: Record<string, unknown> = {}) => ({
  name: `s${i}`,
  request: { method: 'GET', path: '/x' },
  model,
  duration_s: 300,
  warmup: { requests: 100_000 },
  ...extra,
});

describe('remote caps per run', () => {
  it("shares the run's requests and time out between scenarios, and paces closed users", () => {
    const suite = parseSuite({
      scenarios: [
        scenario(0, { type: 'closed', users: 500 }),
        scenario(1, { type: 'open', rate: 90_000, users: 500 }),
        scenario(2, { type: 'closed', users: 2 }, { count: 5_000_000 }),
        { ...scenario(3, { type: 'closed', users: 100 }), type: 'paired', variants: [{ label: 'a' }, { label: 'b' }] },
      ],
    });
    const plan = resolveSuite(suite, { remote: true });
    const phases = plan.scenarios.flatMap((s): (EndpointScenario | PairedScenario)[] =>
      s.type === 'paired' ? [s, s] : s.type === 'endpoint' ? [s] : [],
    );
    expect(phases).toHaveLength(5);
    const requests = phases.reduce((n, s) => n + s.bounds.max_requests + s.warmup.max_requests, 0);
    const duration = phases.reduce((n, s) => n + s.bounds.duration_ms + s.warmup.duration_ms, 0);
    expect(requests).toBeLessThanOrEqual(REMOTE_CAPS.run_requests);
    expect(duration).toBeLessThanOrEqual(REMOTE_CAPS.run_duration_ms);
    for (const s of phases) {
      expect(s.model.users).toBeLessThanOrEqual(REMOTE_CAPS.users);
      if (s.model.type === 'open') expect(s.model.rate).toBe(REMOTE_CAPS.rate);
      else expect(s.model.max_rate).toBe(REMOTE_CAPS.rate);
    }
    // Loopback runs keep their own figures: no pacing.
    const local = resolveSuite(suite, {}).scenarios[0] as EndpointScenario;
    expect(local.model).toEqual({ type: 'closed', users: 500 });
  });

  it('refuses a remote run with more scenarios than the cap, before anything is sent', () => {
    const many = parseSuite({ scenarios: Array.from({ length: REMOTE_CAPS.scenarios + 1 }, (_, i) => scenario(i, undefined)) });
    expect(() => resolveSuite(many, { remote: true })).toThrow(ValidationError);
    expect(() => resolveSuite(many, { remote: true })).toThrow(`at most ${REMOTE_CAPS.scenarios}`);
    expect(resolveSuite(many, {}).scenarios).toHaveLength(REMOTE_CAPS.scenarios + 1);
  });
});

describe('paced closed users (loopback)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await listen((_req, res) => res.writeHead(200, { 'content-length': 2 }).end('ok'));
  });
  afterAll(() => server.close());

  it('sends no more than max_rate allows, however many users ask', async () => {
    const out = (await runJob(
      {
        kind: 'load',
        scenario: 'paced',
        base_url: server.url,
        request: { method: 'GET', path: '/', headers: {}, body: null, expect_status: [200] },
        model: { type: 'closed', users: 4, max_rate: 20 },
        bounds: { duration_ms: 500, max_requests: 1_000_000 },
        warmup: { duration_ms: 0, max_requests: 0 },
        timeout_ms: 5000,
        progress_ms: 1000,
      },
      new AbortController().signal,
      () => {},
    )) as LoadOutcome;
    // Slots at 0, 50, …, 450 ms fall inside 500 ms: ten requests, however fast the server answers.
    expect(out.measured.requests).toBeLessThanOrEqual(10);
    expect(out.measured.requests).toBeGreaterThan(0);
    expect(out.measured.errors).toEqual({ status: 0, timeout: 0, connection: 0 });
  });
});
