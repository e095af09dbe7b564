/**
 * The panel's "Load generated" text comes from results the engine's own pure assembly builds (its saturation
 * notes and recommendations), so a change of the engine's wording that hides the limit fails here.
 */
import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, recordMs } from '../../src-engine/core/bench/histogram.js';
import { assembleResult, measuredScenario, scriptedScenario } from '../../src-engine/core/bench/result.js';
import { recommendations } from '../../src-engine/core/bench/recommend.js';
import { parseSuite } from '../../src-engine/core/bench/suite.js';
import { emptyRawRun, type BenchResult, type GeneratorsUsed, type RawRun, type ScenarioResult } from '../../src-engine/core/bench/types.js';
import { loadViews } from '../../src-renderer/src/format/bench-load.js';

const suite = parseSuite({
  name: 'load',
  scenarios: [
    { name: 'slow_server', request: { path: '/slow' }, model: { type: 'open', rate: 1000, users: 2 }, duration_s: 1 },
    { name: 'busy_generator', request: { path: '/fast' }, model: { type: 'open', rate: 20000, users: 64 }, duration_s: 1 },
    { name: 'held', request: { path: '/fast' }, model: { type: 'open', rate: 100, users: 4 }, duration_s: 1 },
    { name: 'closed', request: { path: '/fast' }, model: { type: 'closed', users: 2 }, duration_s: 1 },
    {
      name: 'flow',
      model: { type: 'open', rate: 50, users: 1 },
      duration_s: 1,
      steps: [{ name: 'one', request: { path: '/a' } }],
    },
  ],
});

/** `requests` answers of `latency` ms each over a 1 s window. */
function run(requests: number, latency: number, extra: Partial<RawRun> = {}): RawRun {
  const h = createHistogram();
  for (let i = 0; i < requests; i++) recordMs(h, latency);
  return {
    ...emptyRawRun(),
    requests,
    statuses: { '200': requests },
    window_ms: 1000,
    histogram: encodeHistogram(h),
    ...extra,
  };
}

function scenario(name: string): (typeof suite.scenarios)[number] {
  const s = suite.scenarios.find((x) => x.name === name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s;
}

const twoThreads: GeneratorsUsed = {
  threads: 2,
  chosen: 'auto',
  reason: 'calibration: one thread was busy 96%',
  per_thread: [
    { busy: 0.97, lag_p99_ms: 4.06, requests: 9000, sent_late: 12, cpu_ms: 1800 },
    { busy: 0.5, lag_p99_ms: 1.2, requests: 9000, sent_late: 0, cpu_ms: 900 },
  ],
  calibration: { ms: 400, target_rate: null, achieved_rate: 8123.4, busy: 0.96, lag_p99_ms: 3, sent_late_share: 0 },
};

function assembled(): BenchResult {
  const closed: ScenarioResult = { ...measuredScenario(scenario('closed'), run(2000, 1), null), generators: twoThreads };
  const scenarios = [
    // 2 connections × 20 ms bound the rate at 100 req/s: the server's latency held it.
    measuredScenario(scenario('slow_server'), run(100, 20, { generator_busy: 0.2, dropped: 880 }), null),
    measuredScenario(scenario('busy_generator'), run(9000, 1, { generator_busy: 0.95, dropped: 11000 }), null),
    measuredScenario(scenario('held'), run(100, 1, { generator_busy: 0.1 }), null),
    closed,
    scriptedScenario(scenario('flow'), {
      measured: run(40, 5),
      warmup: null,
      check_failures: 0,
      by_tag: {},
      iterations: { scheduled: 50, started: 40, completed: 40, dropped: 10 },
    }),
  ];
  return assembleResult({
    suite,
    target: { base_url: 'http://127.0.0.1:1', headers: {}, label: 'test', remote: false },
    scenarios,
    environment: {
      cpu_model: 'x',
      cores: 2,
      total_memory_mb: 1,
      platform: 'linux',
      node: 'v22',
      kira_version: '0',
      dataset: null,
      load_generator: 'worker',
    },
    started_at: '2026-01-01T00:00:00.000Z',
    finished_at: '2026-01-01T00:00:05.000Z',
    quick: false,
    aborted: false,
  });
}

describe('load views: open-model rate, saturation limit, iterations, generators', () => {
  const views = loadViews(assembled(), 'en-US');
  const view = (name: string) => {
    const v = views.find((x) => x.scenario === name);
    if (!v) throw new Error(`no view for ${name}`);
    return v;
  };

  it('shows target vs achieved rate with its share and the dropped requests', () => {
    expect(view('slow_server').rate).toEqual({ unit: 'req/s', target: '1,000', achieved: '100', share: '10%', dropped: '880' });
    expect(view('held').rate).toEqual({ unit: 'req/s', target: '100', achieved: '100', share: '100%', dropped: '0' });
    expect(view('held').saturation).toBeNull();
  });

  it("names the server when connections waited on its latency, in the engine's recommendation words", () => {
    const sat = view('slow_server').saturation;
    expect(sat?.limit).toBe('server');
    expect(sat?.text).toMatch(/^slow_server: asked for 1000 req\/s, achieved 100 .*the server is the limit/);
  });

  it('names the generator when its event loop was busy', () => {
    const sat = view('busy_generator').saturation;
    expect(sat?.limit).toBe('generator');
    expect(sat?.text).toContain('busy 95%');
  });

  it('counts iterations of a scripted open-model scenario and its rate in iterations/s', () => {
    const flow = view('flow');
    expect(flow.iterations).toBe('50 scheduled, 40 started, 40 completed, 10 dropped');
    expect(flow.rate).toEqual({ unit: 'iterations/s', target: '50', achieved: '40', share: '80%', dropped: '10' });
    expect(flow.saturation?.limit).toBe('users');
    expect(flow.generators).toBeNull();
  });

  it('describes the generator threads: count, how chosen, busy, worst lag, CPU per request', () => {
    const g = view('closed').generators;
    expect(g).toMatchObject({
      threads: '2 threads',
      chosen: 'chosen by calibration',
      reason: 'calibration: one thread was busy 96%',
      lag: '4.1 ms',
      cpu: '2,700 ms (150 µs/request)',
      calibration: '400 ms on one thread: 8,123 req/s, busy 96%, lag p99 3 ms, 0% sent late',
    });
    expect(g?.per_thread.map((t) => t.busy)).toEqual([0.97, 0.5]);
    expect(g?.per_thread[0]?.label).toBe('#1 busy 97%, lag p99 4.1 ms, 9,000 requests, 12 sent late');
    expect(view('closed').rate).toBeNull();
  });

  it('names the connections when nothing says what held them, and marks CPU as not measured on worker threads', () => {
    const r = assembled();
    // No successful answer: no latency to bound the rate by, so the engine names only the connections.
    r.scenarios = [
      measuredScenario(scenario('slow_server'), { ...run(0, 1), requests: 10, errors: { status: 0, timeout: 10, connection: 0 } }, null),
    ];
    r.scenarios[0] = {
      ...r.scenarios[0]!,
      generators: {
        threads: 1,
        chosen: 'single',
        reason: 'a light load',
        per_thread: [{ busy: 0.1, lag_p99_ms: 1, requests: 10, sent_late: 0 }],
      },
    };
    r.recommendations = recommendations(r);
    const [v] = loadViews(r, 'en-US');
    expect(v?.saturation?.limit).toBe('connections');
    expect(v?.saturation?.text).toMatch(/^slow_server: asked for 1000 req\/s.*connections: all 2 were waiting/);
    expect(v?.generators).toMatchObject({ threads: '1 thread', chosen: 'single', cpu: null, calibration: null });
  });

  it('leaves out scenarios with nothing to show and formats for the given locale', () => {
    expect(views.map((v) => v.scenario)).toEqual(['slow_server', 'busy_generator', 'held', 'closed', 'flow']);
    const plain = assembled();
    plain.scenarios = plain.scenarios.filter((s) => s.name === 'closed').map(({ generators: _g, ...s }) => s);
    expect(loadViews(plain)).toEqual([]);
    expect(loadViews(assembled(), 'de-DE').find((v) => v.scenario === 'closed')?.generators?.cpu).toBe('2.700 ms (150 µs/request)');
  });
});
