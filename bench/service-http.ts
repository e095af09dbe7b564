/**
 * Bench (b)–(d) against the real service (`startServer`), the load generated in a child process:
 *  (b) overview warm (cached) p50/p99 at 1 connection        goal p99 ≤ 2 ms
 *  (c) overview cold (Cache-Control: no-cache, recomputed)     goal ≤ 20 ms
 *  (d) throughput at 50 connections on the cached overview, as a ratio to a bare node:http server returning
 *      the same bytes, measured in the same run                goal ≥ 0.7
 *      and the server CPU per answered request, as a ratio to the bare server's  goal ≤ 1.3
 * Both servers get the very same requests (Kira's bearer header included). bench/wrk-compare.ts measures (d) with
 * Debian's wrk and each server in its own process.
 * Kira and the bare server alternate A-B-B-A for (b) and (d); each figure is the mean of its two runs.
 *
 *   node dist/bench/service-http.js [--expenses 1000000] [--invoices 100000] [--requests 2000] [--seconds 10] [--db path] [--budget bench/service-budget.json]
 */
import { loadavg } from 'node:os';
import { startServer } from '../src-engine/service/root/server.js';
import { startBareServer } from './lib/bare-server.js';
import { benchDatabase } from './lib/bench-database.js';
import { mean } from '../src-engine/core/bench/stats.js';
import { finish, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';
import type { LoadResult } from './lib/load-types.js';
import { runLoad } from './lib/run-load.js';

type LatencyRun = Extract<LoadResult, { kind: 'latency' }>;
type ThroughputRun = Extract<LoadResult, { kind: 'throughput' }>;
type CpuRun = ThroughputRun & { cpuUs: number };

const flags = new Flags(['requests', 'seconds', 'expenses', 'invoices', 'db', 'budget']);
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
    // Kira and its baseline alternate A-B-B-A and each figure is the mean of its two runs: on a shared machine
    // the load drifts, and measuring one right after the other put the whole drift on one side of the ratio.
    const kiraLat = () => runLoad({ kind: 'latency', url, headers: auth, requests, warmup: 100 });
    const bareLat = () => runLoad({ kind: 'latency', url: bare.url, headers: auth, requests, warmup: 100 });
    const lat = [await kiraLat(), await bareLat(), await bareLat(), await kiraLat()];
    const cold = await runLoad({
      kind: 'latency',
      url,
      headers: { ...auth, 'cache-control': 'no-cache' },
      requests: Math.ceil(requests / 10),
      warmup: 10,
    });
    // CPU time of this process (both servers live here, the load in a child) per answered request: unlike req/s
    // it hardly moves with the other work on a shared machine, so it says what the server costs per hit.
    const withCpu = async (run: () => Promise<ThroughputRun>) => {
      const before = process.cpuUsage();
      const r = await run();
      const used = process.cpuUsage(before);
      return { ...r, cpuUs: (used.user + used.system) / Math.max(1, r.requests) };
    };
    const kiraTp = () => withCpu(() => runLoad({ kind: 'throughput', url, headers: auth, connections: 50, seconds }));
    const bareTp = () => withCpu(() => runLoad({ kind: 'throughput', url: bare.url, headers: auth, connections: 50, seconds }));
    // Steady state first: one unmeasured run of each under the same load (V8 keeps optimising for some seconds).
    await kiraTp();
    await bareTp();
    const hitsBefore = server.app.hitPath.stats().answered;
    const tp = [await kiraTp(), await bareTp(), await bareTp(), await kiraTp()];
    // The cached overview must have been answered by the cache-hit path, not by fastify's routes.
    const answered = server.app.hitPath.stats().answered - hitsBefore;
    const [k1, b1, b2, k2] = lat as [LatencyRun, LatencyRun, LatencyRun, LatencyRun];
    const warm = { p50: mean([k1.p50, k2.p50]), p99: mean([k1.p99, k2.p99]), failures: k1.failures + k2.failures };
    const bareLatency = { p50: mean([b1.p50, b2.p50]), p99: mean([b1.p99, b2.p99]) };
    const [kt1, bt1, bt2, kt2] = tp as [CpuRun, CpuRun, CpuRun, CpuRun];
    const kiraRps = { rps: mean([kt1.rps, kt2.rps]), failures: kt1.failures + kt2.failures, cpuUs: mean([kt1.cpuUs, kt2.cpuUs]) };
    const bareRps = { rps: mean([bt1.rps, bt2.rps]), cpuUs: mean([bt1.cpuUs, bt2.cpuUs]) };
    process.stderr.write(
      `runs (A-B-B-A): warm p50/p99 ms kira ${k1.p50.toFixed(3)}/${k1.p99.toFixed(2)}, ${k2.p50.toFixed(3)}/${k2.p99.toFixed(2)}; ` +
        `bare ${b1.p50.toFixed(3)}/${b1.p99.toFixed(2)}, ${b2.p50.toFixed(3)}/${b2.p99.toFixed(2)}; ` +
        `req/s kira ${kt1.rps.toFixed(0)}, ${kt2.rps.toFixed(0)}; bare ${bt1.rps.toFixed(0)}, ${bt2.rps.toFixed(0)}; ` +
        `CPU µs/req kira ${kt1.cpuUs.toFixed(1)}, ${kt2.cpuUs.toFixed(1)}; bare ${bt1.cpuUs.toFixed(1)}, ${bt2.cpuUs.toFixed(1)}\n`,
    );
    const failures = warm.failures + cold.failures + kiraRps.failures;
    if (failures > 0) process.stderr.write(`warning: ${failures} non-2xx or failed requests against Kira\n`);
    const sent = kt1.requests + kt2.requests;
    if (answered < sent) process.stderr.write(`warning: the cache-hit path answered ${answered} of ${sent} cached requests\n`);
    const figures: Figure[] = [
      { name: 'overview_warm_p50', value: warm.p50, unit: 'ms', baseline: bareLatency.p50 },
      { name: 'overview_warm_p99', value: warm.p99, unit: 'ms', baseline: bareLatency.p99, goal: '≤ 2 ms' },
      { name: 'overview_cold_p50', value: cold.p50, unit: 'ms', baseline: warm.p50, goal: '≤ 20 ms' },
      { name: 'overview_cold_p99', value: cold.p99, unit: 'ms', baseline: warm.p99 },
      { name: 'cached_rps_50c', value: kiraRps.rps, unit: 'req/s', baseline: bareRps.rps },
      { name: 'cached_throughput_ratio', value: kiraRps.rps / bareRps.rps, unit: 'x', baseline: 1, goal: '≥ 0.7' },
      { name: 'cached_cpu_per_request', value: kiraRps.cpuUs, unit: 'µs', baseline: bareRps.cpuUs },
      { name: 'cached_cpu_ratio', value: kiraRps.cpuUs / bareRps.cpuUs, unit: 'x', baseline: 1, goal: '≤ 1.3' },
    ];
    process.stdout.write(
      `database ${db.path} (${db.generated ? 'generated' : 'reused'}), ${body.length} B overview; baselines: bare node:http (warm, throughput), warm Kira (cold); ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}\n`,
    );
    finish('service latency and throughput', figures, flags.string('budget'));
  } finally {
    await bare.close();
  }
} finally {
  await server.close();
}
