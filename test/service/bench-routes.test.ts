/**
 * The benchmark panel's routes against a real server: a run starts at once (202), reports live progress, ends
 * with a graded result stored in the server's own history; cancel, one run at a time (409), validation 400s.
 * Load comes from the compiled worker-thread generator (dist/, built by `npm test` before vitest).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchListResult, BenchLiveEvent, BenchRunView, BenchSuiteInfo } from '../../src-engine/core/bench/panel.js';
import type { LiveEvent } from '../../src-engine/live/event.js';
import { startFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.close());

const send = (method: string, path: string, body?: unknown) =>
  fetch(f.server.url + path, {
    method,
    headers: { authorization: `Bearer ${f.server.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const json = async <T>(r: Response): Promise<T> => (await r.json()) as T;
const errorOf = async (r: Response) =>
  (await json<{ error: { code: string; message: string; details: Record<string, unknown> } }>(r)).error;

/** A tiny suite: short endpoint scenarios against this server (paths are the engine's). */
const tiny = (durationS: number, company: number) => ({
  name: 'tiny',
  defaults: { duration_s: durationS, warmup_requests: 2 },
  scenarios: [
    { name: 'health', class: 'health', request: { method: 'GET', path: '/api/dashboard/health', expect_status: [200, 503] } },
    {
      name: 'overview',
      request: { method: 'GET', path: '/api/dashboard/overview', query: { company: String(company) } },
      model: { type: 'closed', users: 2 },
    },
  ],
});

/** Collect a company's bench-progress events; `until` resolves on the first (past or future) event that matches. */
function watchRun(company: number): {
  events: BenchLiveEvent[];
  until(match: (e: BenchLiveEvent) => boolean): Promise<BenchLiveEvent>;
  ended(id: string): Promise<BenchLiveEvent>;
  stop(): void;
} {
  const hub = f.server.live;
  if (!hub) throw new Error('the live hub is off');
  const events: BenchLiveEvent[] = [];
  const waiters: { match: (e: BenchLiveEvent) => boolean; resolve: (e: BenchLiveEvent) => void }[] = [];
  const stop = hub.subscribe(company, (e: LiveEvent) => {
    if (e.name !== 'bench-progress') return;
    const data = e.data as BenchLiveEvent;
    events.push(data);
    for (const w of waiters.filter((x) => x.match(data))) w.resolve(data);
  });
  const until = (match: (e: BenchLiveEvent) => boolean) => {
    const seen = events.find(match);
    return seen ? Promise.resolve(seen) : new Promise<BenchLiveEvent>((resolve) => waiters.push({ match, resolve }));
  };
  return { events, until, ended: (id) => until((e) => e.kind === 'run' && e.run_id === id), stop };
}

describe('bench routes', () => {
  it('lists the suite files with their scenarios', async () => {
    const r = await send('GET', '/api/bench/suites');
    expect(r.status).toBe(200);
    const { items } = await json<{ items: BenchSuiteInfo[] }>(r);
    expect(items[0]?.name).toBe('default');
    expect(items[0]?.scenarios.map((s) => s.name)).toContain('dashboard_overview');
  });

  it('starts a run at once (202), streams progress, and ends with a graded result stored in the history', async () => {
    const watch = watchRun(f.ids.a);
    try {
      const r = await send('POST', '/api/bench/runs', { definition: tiny(0.3, f.ids.a) });
      expect(r.status).toBe(202);
      const { id, status } = await json<{ id: string; status: string }>(r);
      expect(status).toBe('running');
      expect(id).toMatch(/^run-\d+$/);
      const running = await json<BenchRunView>(await send('GET', `/api/bench/runs/${id}`));
      // Nothing the test does waits on the run, so it cannot have finished before its first answer here.
      expect(['running', 'finished']).toContain(running.status);

      const end = await watch.ended(id);
      expect(end).toMatchObject({ kind: 'run', status: 'finished' });
      const scenarioEvents = watch.events.filter((e) => e.kind === 'scenario' && e.run_id === id);
      expect(scenarioEvents.map((e) => e.kind === 'scenario' && e.scenario)).toEqual(expect.arrayContaining(['health', 'overview']));
      const done = scenarioEvents.filter((e) => e.kind === 'scenario' && e.phase === 'done');
      expect(done).toHaveLength(2);
      for (const e of done) {
        if (e.kind !== 'scenario') continue;
        expect(e.requests).toBeGreaterThan(0);
        expect(e.p50_ms).not.toBeNull();
        expect(e.planned_ms).toBe(300);
      }

      const view = await json<BenchRunView>(await send('GET', `/api/bench/runs/${id}`));
      expect(view.status).toBe('finished');
      expect(view.result?.format).toBe('kira-bench/1');
      expect(view.result?.target.label).toBe('embedded: kira.db');
      for (const s of view.result?.scenarios ?? []) {
        expect(s.status, s.name).toBe('ok');
        expect(s.success_rate, s.name).toBe(100);
        expect(s.grade, s.name).toMatch(/^(A\+|A|B|C|D)$/);
        expect(s.grade_reasons.length, s.name).toBeGreaterThan(0);
      }
      expect(view.result?.verdict).toMatch(/EXCELLENT|GOOD|NEEDS IMPROVEMENT/);
      expect(view.result?.environment.load_generator).toContain('worker thread');
      expect(view.result?.environment.dataset).toMatchObject({ companies: 2 });

      // Stored in the server's own database: listed newest first, readable by its history id.
      expect(view.history_id).not.toBeNull();
      const list = await json<BenchListResult>(await send('GET', '/api/bench/runs'));
      expect(list.active).toBeNull();
      expect(list.items[0]).toMatchObject({ id: view.history_id, suite: 'tiny', verdict: view.result?.verdict });
      const stored = await json<BenchRunView>(await send('GET', `/api/bench/runs/${String(view.history_id)}`));
      expect(stored.status).toBe('finished');
      expect(stored.result?.scenarios.map((s) => s.latency_ms.p50)).toEqual(view.result?.scenarios.map((s) => s.latency_ms.p50));
      // IPC answers the same route alike.
      const ipc = await f.server.ipc.invoke('bench.list', {});
      expect(ipc.status).toBe(200);
      expect((ipc.body as BenchListResult).items[0]?.id).toBe(view.history_id);
    } finally {
      watch.stop();
    }
  });

  it('refuses a second run while one is running (409), cancels it, and keeps what was measured', async () => {
    const watch = watchRun(f.ids.a);
    try {
      // Long enough that it is certainly still running when cancelled: a cancel ends it, not the clock.
      const started = await send('POST', '/api/bench/runs', { suite: 'default', scenarios: ['dashboard_stats'], duration_ms: 60_000 });
      expect(started.status).toBe(202);
      const { id } = await json<{ id: string }>(started);

      const second = await send('POST', '/api/bench/runs', { suite: 'default', scenarios: ['dashboard_health'], quick: true });
      expect(second.status).toBe(409);
      const err = await errorOf(second);
      expect(err.code).toBe('conflict');
      expect(err.details.running).toBe(id);
      expect((await json<BenchListResult>(await send('GET', '/api/bench/runs'))).active?.id).toBe(id);

      // Wait for measured progress (a progress event), then cancel.
      await watch.until((e) => e.kind === 'scenario' && e.run_id === id && e.phase === 'measure' && e.requests > 0);
      const cancel = await send('POST', `/api/bench/runs/${id}/cancel`);
      expect(cancel.status).toBe(202);
      expect((await json<BenchRunView>(cancel)).cancel_requested).toBe(true);
      expect(await watch.ended(id)).toMatchObject({ status: 'cancelled' });

      const view = await json<BenchRunView>(await send('GET', `/api/bench/runs/${id}`));
      expect(view.status).toBe('cancelled');
      expect(view.result?.aborted).toBe(true);
      expect(view.result?.scenarios[0]?.requests).toBeGreaterThan(0);
      // A cancel after the end changes nothing (200, its state).
      const again = await send('POST', `/api/bench/runs/${id}/cancel`);
      expect(again.status).toBe(200);
      expect((await json<BenchRunView>(again)).status).toBe('cancelled');
      // The next run may start now.
      const next = await send('POST', '/api/bench/runs', { definition: tiny(0.1, f.ids.a), scenarios: ['health'] });
      expect(next.status).toBe(202);
      expect(await watch.ended((await json<{ id: string }>(next)).id)).toMatchObject({ status: 'finished' });
    } finally {
      watch.stop();
    }
  });

  it('refuses bad input with 400 naming the culprit, and unknown runs with 404', async () => {
    const cases: [unknown, string][] = [
      [{ suite: 'nope' }, 'suite'],
      [{ suite: '../etc/passwd' }, 'suite'],
      [{ suite: 'default', scenarios: ['nope'] }, 'scenarios'],
      [{ users: 0 }, 'users'],
      [{ duration_ms: 10 }, 'duration_ms'],
      [{ colour: 'red' }, 'colour'],
      [{ target: { kind: 'url' } }, 'target.base_url'],
      [{ target: { kind: 'url', base_url: 'ftp://127.0.0.1/' } }, 'target.base_url'],
      [{ target: { kind: 'url', base_url: 'http://example.com/' } }, 'target.allow_remote'],
      [{ target: { kind: 'url', base_url: 'http://127.0.0.1:1/', headers: { 'x-evil': 'a\r\nb: c' } } }, 'target.headers.x-evil'],
      [{ definition: { scenarios: [] } }, 'definition.scenarios'],
      // No coercion (issue 11): the remote opt-in only as JSON true, numbers and booleans as JSON types.
      [{ target: { kind: 'url', base_url: 'http://192.0.2.1/', allow_remote: 'true' } }, 'target.allow_remote'],
      [{ target: { kind: 'url', base_url: 'http://192.0.2.1/', allow_remote: 1 } }, 'target.allow_remote'],
      [{ quick: 'true' }, 'quick'],
      [{ users: '5' }, 'users'],
      // A remote run is capped per run: too many scenarios is refused before anything is sent.
      [
        {
          definition: { scenarios: Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, request: { path: '/' } })) },
          target: { kind: 'url', base_url: 'http://192.0.2.1/', allow_remote: true },
        },
        'scenarios',
      ],
    ];
    for (const [body, field] of cases) {
      const r = await send('POST', '/api/bench/runs', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      const err = await errorOf(r);
      expect(err.details.field ?? err.details.param, JSON.stringify(body)).toBe(field);
    }
    expect((await send('GET', '/api/bench/runs?limit=0')).status).toBe(400);
    expect((await send('GET', '/api/bench/runs?limit=1.5')).status).toBe(400);
    expect((await send('GET', '/api/bench/runs?limit=2abc')).status).toBe(400);
    expect((await send('GET', '/api/bench/runs?limit=2')).status).toBe(200);
    expect((await send('GET', '/api/bench/runs/abc')).status).toBe(400);
    expect((await send('GET', '/api/bench/runs/run-999')).status).toBe(404);
    expect((await send('GET', '/api/bench/runs/999999')).status).toBe(404);
    expect((await send('POST', '/api/bench/runs/run-999/cancel')).status).toBe(404);
    // None of them started a run.
    expect((await json<BenchListResult>(await send('GET', '/api/bench/runs'))).active).toBeNull();
  });

  it('benchmarks another loopback API with its own headers (a URL target)', async () => {
    const watch = watchRun(f.ids.a);
    try {
      const r = await send('POST', '/api/bench/runs', {
        definition: tiny(0.1, f.ids.a),
        scenarios: ['overview'],
        target: { kind: 'url', base_url: f.server.url, headers: { Authorization: `Bearer ${f.server.benchToken}` } },
      });
      expect(r.status).toBe(202);
      const { id } = await json<{ id: string }>(r);
      expect(await watch.ended(id)).toMatchObject({ status: 'finished' });
      const view = await json<BenchRunView>(await send('GET', `/api/bench/runs/${id}`));
      expect(view.result?.target).toMatchObject({ label: `127.0.0.1:${f.server.port}`, remote: false });
      expect(view.result?.scenarios[0]).toMatchObject({ name: 'overview', status: 'ok', success_rate: 100 });
      // The headers (a token) are never stored with the result.
      expect(JSON.stringify(view.result)).not.toContain(f.server.benchToken);
    } finally {
      watch.stop();
    }
  });
});
