/**
 * Load generator child process (compiled to dist/bench/lib/load-child.js): it runs in its own process so it
 * never shares the server's event loop. Receives one `LoadConfig` by IPC, replies with one `LoadResult`.
 */
import { createRequire } from 'node:module';
import { Client } from 'undici';
import type { LoadConfig, LoadResult } from './load-types.js';
import { sampleLatency } from '../../src-engine/core/bench/stats.js';
import { errorMessage } from '../../src-engine/core/errors.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
}) => Promise<AutocannonResult>;
// autocannon ships CommonJS without typings; this is the slice of its API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Sequential requests on one keep-alive connection, each timed with hrtime (sub-millisecond resolution). */
async function latency(cfg: Extract<LoadConfig, { kind: 'latency' }>): Promise<LoadResult> {
  const url = new URL(cfg.url);
  const client = new Client(url.origin);
  const samples: number[] = [];
  let failures = 0;
  try {
    for (let i = 0; i < cfg.warmup + cfg.requests; i++) {
      const t = process.hrtime.bigint();
      const res = await client.request({ path: url.pathname + url.search, method: 'GET', headers: cfg.headers });
      await res.body.arrayBuffer();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (res.statusCode >= 300) failures++;
      if (i >= cfg.warmup) samples.push(ms);
    }
  } finally {
    await client.close();
  }
  const l = sampleLatency(samples);
  return {
    kind: 'latency',
    p50: l.p50,
    p99: l.p99,
    max: l.max,
    requests: samples.length,
    failures,
  };
}

async function throughput(cfg: Extract<LoadConfig, { kind: 'throughput' }>): Promise<LoadResult> {
  const r = await autocannon({ url: cfg.url, connections: cfg.connections, duration: cfg.seconds, headers: cfg.headers });
  return { kind: 'throughput', rps: r.requests.average, requests: r.requests.total, failures: r.non2xx + r.errors + r.timeouts };
}

process.once('message', (cfg: LoadConfig) => {
  void (cfg.kind === 'latency' ? latency(cfg) : throughput(cfg)).then(
    (result) => process.send?.(result, () => process.disconnect()),
    (e: unknown) => process.send?.({ kind: 'error', message: errorMessage(e) }, () => process.disconnect()),
  );
});
