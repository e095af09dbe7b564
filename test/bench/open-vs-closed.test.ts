import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenerator, type GeneratorHost } from '../../src-engine/bench/generator-host.js';
import type { LoadJob, LoadOutcome } from '../../src-engine/bench/thread/jobs.js';
import { runStats } from '../../src-engine/core/bench/stats.js';
import type { LoadModel } from '../../src-engine/core/bench/types.js';
import { listen, stallingHandler, type TestServer } from './helpers/servers.js';

// The generator runs in a worker thread (dist/), the server here: two event loops, as in the app.
let server: TestServer;
let gen: GeneratorHost;
const STALL_MS = 300;

beforeAll(async () => {
  server = await listen(stallingHandler(40, STALL_MS));
  gen = await startGenerator('worker');
});
afterAll(async () => {
  await gen.close();
  await server.close();
});

const job = (path: string, model: LoadModel, duration_ms: number): LoadJob => ({
  kind: 'load',
  scenario: path,
  base_url: server.url,
  request: { method: 'GET', path, headers: {}, body: null, expect_status: [200] },
  model,
  bounds: { duration_ms, max_requests: 100_000 },
  warmup: { duration_ms: 0, max_requests: 0 },
  timeout_ms: 5000,
  progress_ms: 100,
});

async function measure(j: LoadJob) {
  const out = (await gen.run(j, () => {})) as LoadOutcome;
  return runStats(out.measured);
}

describe('open vs closed model under a server that stalls once for 300 ms', () => {
  it('the closed model sees the stall in one request only: its p99 hides it', async () => {
    const st = await measure(job('/closed', { type: 'closed', users: 1 }, 1500));
    expect(st.error_total).toBe(0);
    // The stall happened and was measured once…
    expect(st.latency_ms.max).toBeGreaterThanOrEqual(STALL_MS * 0.9);
    // …but the user simply waited, so nearly every recorded request is fast.
    expect(st.requests).toBeGreaterThan(200);
    expect(st.latency_ms.p99).toBeLessThan(STALL_MS / 2);
  });

  it('the open model counts every request that was due during the stall: its p99 shows it', async () => {
    // 200 req/s for 1.5 s = 300 requests; ~60 were due during the stall, waiting up to 300 ms from their intended time.
    const st = await measure(job('/open', { type: 'open', rate: 200, users: 16 }, 1500));
    expect(st.error_total).toBe(0);
    expect(st.requests).toBe(300);
    expect(st.latency_ms.p99).toBeGreaterThan(STALL_MS * 0.7);
    // Roughly a fifth of the requests were due inside the 300 ms window: well over 1% of them are slow.
    expect(st.latency_ms.p95).toBeGreaterThan(STALL_MS * 0.3);
  });
});

describe('generator control', () => {
  it('reports progress and stops early on abort, returning what it measured', async () => {
    const ctrl = new AbortController();
    const seen: number[] = [];
    const out = (await gen.run(
      job('/abort', { type: 'closed', users: 2 }, 60_000),
      (p) => {
        seen.push(p.requests);
        if (p.requests > 0) ctrl.abort();
      },
      ctrl.signal,
    )) as LoadOutcome;
    expect(out.measured.aborted).toBe(true);
    expect(out.measured.requests).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(out.measured.window_ms).toBeLessThan(60_000);
  });

  it('a counted run sends exactly its count, warm-up reported apart', async () => {
    const out = (await gen.run(
      {
        ...job('/counted', { type: 'closed', users: 3 }, 60_000),
        bounds: { duration_ms: 60_000, max_requests: 25 },
        warmup: { duration_ms: 60_000, max_requests: 7 },
      },
      () => {},
    )) as LoadOutcome;
    expect(out.measured.requests).toBe(25);
    expect(out.warmup?.requests).toBe(7);
  });

  it('classifies refused connections as connection errors and gives up quickly', async () => {
    const dead = await listen(() => {});
    const url = dead.url;
    await dead.close();
    const out = (await gen.run({ ...job('/', { type: 'closed', users: 1 }, 60_000), base_url: url }, () => {})) as LoadOutcome;
    expect(out.measured.errors.connection).toBe(out.measured.requests);
    expect(out.measured.requests).toBeGreaterThan(0);
    expect(out.measured.window_ms).toBeLessThan(30_000);
  });
});
