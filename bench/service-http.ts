/**
 * Bench (b)–(d) against the real service (`startServer`), the load generated in a child process:
 *  (b) overview warm (cached) p50/p99 at 1 connection        goal p99 ≤ 2 ms
 *  (c) overview cold (Cache-Control: no-cache, recomputed)     goal ≤ 20 ms
 *  (d) throughput at 50 connections on the cached overview, as a ratio to a bare node:http server returning
 *      the same bytes, measured in the same run                goal ≥ 0.7
 *
 *   node dist/bench/service-http.js [--expenses 1000000] [--invoices 100000] [--requests 2000] [--seconds 10] [--db path] [--budget bench/service-budget.json]
 */
import { startServer } from '../src-engine/service/server.js';
import { startBareServer } from './lib/bare-server.js';
import { benchDatabase } from './lib/bench-database.js';
import { finish, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';
import { runLoad } from './lib/run-load.js';

const flags = new Flags();
const requests = Math.max(10, flags.number('requests', 2000));
const seconds = Math.max(1, flags.number('seconds', 10));
const db = benchDatabase(flags.number('expenses', 1_000_000), flags.number('invoices', 100_000), flags.string('db'));
const server = await startServer({ dbPath: db.path, port: 0 });
try {
  const query = `?company=${db.companyId}&from=2025-01-01&to=2025-06-30`;
  const url = `${server.url}/api/dashboard/overview${query}`;
  const auth = { authorization: `Bearer ${server.benchToken}` };
  const first = await fetch(url, { headers: auth });
  if (first.status !== 200) throw new Error(`overview answered ${first.status}: ${await first.text()}`);
  const body = Buffer.from(await first.arrayBuffer());
  const contentType = first.headers.get('content-type') ?? 'application/json';

  const bare = await startBareServer(body, contentType);
  try {
    const warm = await runLoad({ kind: 'latency', url, headers: auth, requests, warmup: 100 });
    const bareLatency = await runLoad({ kind: 'latency', url: bare.url, headers: {}, requests, warmup: 100 });
    const cold = await runLoad({ kind: 'latency', url, headers: { ...auth, 'cache-control': 'no-cache' }, requests: Math.ceil(requests / 10), warmup: 10 });
    const kiraRps = await runLoad({ kind: 'throughput', url, headers: auth, connections: 50, seconds });
    const bareRps = await runLoad({ kind: 'throughput', url: bare.url, headers: {}, connections: 50, seconds });
    const failures = warm.failures + cold.failures + kiraRps.failures;
    if (failures > 0) process.stderr.write(`warning: ${failures} non-2xx or failed requests against Kira\n`);
    const figures: Figure[] = [
      { name: 'overview_warm_p50', value: warm.p50, unit: 'ms', baseline: bareLatency.p50 },
      { name: 'overview_warm_p99', value: warm.p99, unit: 'ms', baseline: bareLatency.p99, goal: '≤ 2 ms' },
      { name: 'overview_cold_p50', value: cold.p50, unit: 'ms', baseline: warm.p50, goal: '≤ 20 ms' },
      { name: 'overview_cold_p99', value: cold.p99, unit: 'ms', baseline: warm.p99 },
      { name: 'cached_rps_50c', value: kiraRps.rps, unit: 'req/s', baseline: bareRps.rps },
      { name: 'cached_throughput_ratio', value: kiraRps.rps / bareRps.rps, unit: 'x', baseline: 1, goal: '≥ 0.7' },
    ];
    process.stdout.write(`database ${db.path} (${db.generated ? 'generated' : 'reused'}), ${body.length} B overview; baselines: bare node:http (warm, throughput), warm Kira (cold)\n`);
    finish('service latency and throughput', figures, flags.string('budget'));
  } finally {
    await bare.close();
  }
} finally {
  await server.close();
}
