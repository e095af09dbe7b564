/**
 * Load spread over generator threads automatically (issue 15.4): a heavy scenario is first run for a moment on
 * one generator; when that generator is the limit (busy, or sending late with connections free) the scenario
 * gets more threads, up to the cores available. A per-thread rate cap makes one generator saturate the same way
 * on any machine, so the test does not depend on the machine's speed.
 */
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSuite } from '../../src-engine/bench/runner.js';
import { parseSuite } from '../../src-engine/core/bench/suite.js';
import { chooseThreads, needsCalibration } from '../../src-engine/core/bench/threads.js';
import type { Target } from '../../src-engine/core/bench/types.js';
import { listen, type TestServer } from './helpers/servers.js';

let api: TestServer;
let hits = 0;
beforeAll(async () => {
  api = await listen((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-length': 2 }).end('ok');
  });
});
afterAll(() => api.close());

const target = (): Target => ({ base_url: api.url, headers: {}, label: 'test', remote: false });
const openSuite = (rate: number) =>
  parseSuite({ scenarios: [{ name: 'x', request: { path: '/' }, duration_s: 1, warmup: 0, model: { type: 'open', rate, users: 8 } }] });
const cores = Math.min(8, availableParallelism());

describe('choosing the thread count', () => {
  const cal = { ms: 400, target_rate: 1000, achieved_rate: 400, busy: 0.3, lag_p99_ms: 1, sent_late_share: 0 };
  it('adds threads only when the generator is the limit', () => {
    const open = { type: 'open', rate: 1000, users: 50 } as const;
    // Late with connections free: 1000 × 1.1 / 400 → 3 threads.
    expect(chooseThreads({ ...cal, sent_late_share: 0.5 }, open, 8).threads).toBe(3);
    expect(chooseThreads({ ...cal, busy: 0.97 }, open, 2).threads).toBe(2);
    // Not busy, nothing late: the server or the connections hold the rate; more threads would not help.
    expect(chooseThreads(cal, open, 8)).toMatchObject({ threads: 1, reason: expect.stringContaining('server') as unknown });
    expect(chooseThreads({ ...cal, achieved_rate: 990 }, open, 8).threads).toBe(1);
    // Closed: a busy generator gets every core.
    expect(chooseThreads({ ...cal, target_rate: null, busy: 0.95 }, { type: 'closed', users: 100 }, 4).threads).toBe(4);
    expect(chooseThreads({ ...cal, target_rate: null, busy: 0.5 }, { type: 'closed', users: 100 }, 4).threads).toBe(1);
    // Light loads are not calibrated; a per-thread cap lowers the bar; staged ones are judged at their peak.
    expect(needsCalibration({ type: 'open', rate: 500, users: 8 })).toBe(false);
    expect(needsCalibration({ type: 'open', rate: 500, users: 8 }, { rateCap: 100 })).toBe(true);
    expect(needsCalibration({ type: 'open', rate: 5000, users: 8, stages: [{ duration_ms: 1, rate: 5000 }] })).toBe(true);
    expect(needsCalibration({ type: 'closed', users: 100 })).toBe(true);
  });
});

describe('runSuite with threads chosen automatically', () => {
  it('adds threads when one generator cannot send the rate (capped at 100 req/s per thread, 250 asked)', async () => {
    hits = 0;
    const result = await runSuite(openSuite(250), target(), { threadRateCap: 100 });
    const s = result.scenarios[0]!;
    const g = s.generators!;
    expect(g.chosen).toBe('auto');
    // One capped thread sends ~100 of 250 req/s, late with connections free: 250 × 1.1 / 100 → 3, up to the cores.
    expect(g.calibration?.sent_late_share).toBeGreaterThan(0.3);
    expect(g.calibration?.achieved_rate).toBeLessThanOrEqual(110);
    expect(g.threads).toBe(Math.min(cores, 3));
    expect(g.per_thread).toHaveLength(g.threads);
    expect(g.reason).toContain('sent late');
    for (const t of g.per_thread) {
      expect(t.busy).toBeGreaterThanOrEqual(0);
      expect(t.lag_p99_ms).toBeGreaterThanOrEqual(0);
    }
    // Each capped thread carries its share: the sends add up to what the threads could send, the rest dropped.
    expect(s.requests + (s.dropped ?? 0) + (s.unfinished ?? 0)).toBe(250);
    expect(g.per_thread.reduce((n, t) => n + t.requests, 0)).toBe(s.requests);
    if (g.threads >= 3) expect(s.dropped).toBe(0);
    // With fewer threads than asked for (a 2-core machine) the run is saturated, and the generator is named.
    if (g.threads < 3) expect(s.saturation).toMatch(/^generator: \d+% of requests left late with a connection free/);
    // Duration respected within 10%; the calibration's requests reached the server too, before the measured run.
    expect(s.window_ms).toBeLessThanOrEqual(1100);
    expect(hits).toBeGreaterThan(s.requests);
    expect(result.environment.load_generator).toContain(g.threads > 1 ? `${g.threads} worker threads` : 'worker thread');
  });

  it('keeps one thread for a light load, and --threads N as an explicit override', async () => {
    const light = (await runSuite(openSuite(100), target(), {})).scenarios[0]!;
    expect(light.generators).toMatchObject({ threads: 1, chosen: 'single' });
    expect(light.requests).toBe(100);
    const fixed = (await runSuite(openSuite(100), target(), { threads: 2, threadRateCap: 1 })).scenarios[0]!;
    expect(fixed.generators).toMatchObject({ threads: 2, chosen: 'explicit' });
    expect(fixed.generators?.calibration).toBeUndefined();
  });
});
