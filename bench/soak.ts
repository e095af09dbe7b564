/**
 * Bounded soak: `kira`'s service on a large database under mixed reads, writes and live subscribers for a fixed
 * time, with the load generator in a separate process. Reports requests, errors, p50/p99 and the server's
 * resident size (RSS) growth after warm-up; exits 1 on any error or RSS growth ≥ 10 % (full runs).
 *
 *   node dist/bench/soak.js [--expenses 1000000] [--seconds 60] [--warmup S] [--connections 100] [--db PATH] [--json]
 *
 * Warm-up (default half the measured time) runs the same load first; latencies and RSS growth count after it.
 *
 * The database is generated once (generateDemo) at /tmp/kira-soak-<expenses>.db and reused.
 */
import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDemo } from '../src-engine/data/index.js';
import { startServer } from '../src-engine/service/root/server.js';
import { Store } from '../src-engine/store/store.js';
import { Prng } from '../src-engine/core/prng.js';
import { median, sampleLatency } from '../src-engine/core/bench/stats.js';

const value = { type: 'string' } as const;
const OPTIONS = {
  // The driver's flags, then the ones it passes to its generator process (`--generator`).
  expenses: value,
  seconds: value,
  warmup: value,
  connections: value,
  db: value,
  json: { type: 'boolean' },
  strict: { type: 'boolean' },
  seed: value,
  generator: { type: 'boolean' },
  url: value,
  token: value,
  companies: value,
} as const;
const args = (argv: string[]) => parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
type Args = ReturnType<typeof args>;

export interface SoakResult {
  seconds: number;
  warmup: number;
  connections: number;
  subscribers: number;
  requests: number;
  writes: number;
  errors: number;
  error_samples: string[];
  events_received: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  rss_warm_mib: number;
  rss_end_mib: number;
  rss_max_mib: number;
  rss_growth_pct: number;
  expenses: number;
}

// ---------------------------------------------------------------------------------------------- load generator
async function generator(a: Args): Promise<void> {
  const url = new URL(a.url!);
  const token = a.token!;
  const seconds = Number(a.seconds);
  const warmup = Number(a.warmup ?? 0);
  const connections = Number(a.connections);
  const companies = a.companies!.split(',').map(Number);
  const subscribers = Math.max(1, Math.round(connections * 0.2));
  const workers = connections - subscribers;
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const rng = new Prng(Number(a.seed ?? 1));
  const measureFrom = Date.now() + warmup * 1000;
  const deadline = measureFrom + seconds * 1000;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let writes = 0;
  let events = 0;
  const fail = (what: string) => {
    errors++;
    if (errorSamples.length < 10) errorSamples.push(what);
  };
  const request = (method: string, path: string, body?: string) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (Date.now() >= measureFrom) latencies.push(performance.now() - started);
            if ((res.statusCode ?? 0) >= 400) fail(`${method} ${path}: ${res.statusCode}`);
            resolve();
          });
        },
      );
      req.on('error', (e) => {
        fail(`${method} ${path}: ${e.message}`);
        resolve();
      });
      req.end(body);
    });
  const VIEWS = ['overview', 'stats', 'kpis', 'breakdown', 'trends', 'clients', 'realtime/aggregate'];
  const worker = async () => {
    while (Date.now() < deadline) {
      const company = rng.pick(companies);
      const r = rng.next();
      if (r < 0.72) {
        const view = rng.pick(VIEWS);
        const m1 = rng.int(1, 9);
        const range = view !== 'realtime/aggregate' && rng.chance(0.3) ? `&from=2025-0${m1}-01&to=2025-0${rng.int(m1, 9)}-28` : '';
        await request('GET', `/api/dashboard/${view}?company=${company}${range}`);
      } else if (r < 0.9) {
        await request(
          'GET',
          `/api/${rng.pick(['expenses', 'invoices', 'clients'])}?company=${company}&page=${rng.int(1, 20)}&page_size=50`,
        );
      } else {
        writes++;
        const day = new Date(Date.now() - rng.int(0, 60) * 86_400_000).toISOString().slice(0, 10);
        await request(
          'POST',
          `/api/expenses?company=${company}`,
          JSON.stringify({
            date: day,
            category: rng.pick(['travel', 'meals', 'software']),
            description: 'soak',
            amount: rng.int(100, 90_000),
          }),
        );
      }
    }
  };
  const subscriber = (i: number) =>
    new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/dashboard/streaming/aggregate?company=${companies[i % companies.length]}`,
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          if (res.statusCode !== 200) fail(`SSE ${res.statusCode}`);
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (events += (chunk.match(/^event: /gm) ?? []).length));
          res.on('end', () => {
            if (Date.now() < deadline - 500) fail('SSE stream ended early');
            resolve();
          });
          res.on('error', () => resolve());
        },
      );
      req.on('error', (e) => {
        if (Date.now() < deadline - 500) fail(`SSE: ${e.message}`);
        resolve();
      });
      req.end();
      setTimeout(
        () => {
          req.destroy();
          resolve();
        },
        deadline - Date.now() + 200,
      );
    });
  await Promise.all([...Array.from({ length: workers }, worker), ...Array.from({ length: subscribers }, (_, i) => subscriber(i))]);
  agent.destroy();
  const latency = sampleLatency(latencies);
  process.stdout.write(
    JSON.stringify({
      requests: latencies.length,
      writes,
      errors,
      error_samples: errorSamples,
      events_received: events,
      subscribers,
      p50_ms: latency.p50,
      p99_ms: latency.p99,
      max_ms: latency.max,
    }) + '\n',
  );
}

// ---------------------------------------------------------------------------------------------------- driver
export function soakDatabase(expenses: number, path: string = `/tmp/kira-soak-${expenses}.db`): string {
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  for (const s of ['', '-wal', '-shm']) rmSync(partial + s, { force: true });
  const store = Store.open(partial);
  generateDemo(store, { companies: 3, expenses, invoices: Math.round(expenses / 10), seed: 5 });
  store.close();
  renameSync(partial, path);
  return path;
}

async function driver(a: Args): Promise<number> {
  const expenses = Number(a.expenses ?? 1_000_000);
  const seconds = Number(a.seconds ?? 60);
  const warmup = Number(a.warmup ?? Math.max(2, Math.round(seconds / 2)));
  const connections = Number(a.connections ?? 100);
  const dbPath = soakDatabase(expenses, a.db);
  const server = await startServer({ dbPath, backup: false });
  const companies = (server.store.db.prepare('SELECT id FROM companies ORDER BY id').pluck().all() as number[]).join(',');
  const samples: { t: number; rss: number }[] = [];
  const t0 = Date.now();
  const sampler = setInterval(() => samples.push({ t: Date.now() - t0, rss: process.memoryUsage().rss }), 500);
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(import.meta.url),
      '--generator',
      '--url',
      server.url,
      '--token',
      server.benchToken,
      '--seconds',
      String(seconds),
      '--warmup',
      String(warmup),
      '--connections',
      String(connections),
      '--companies',
      companies,
      '--seed',
      a.seed ?? '1',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('exit', r));
  clearInterval(sampler);
  await server.close();
  const load = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Omit<
    SoakResult,
    'seconds' | 'warmup' | 'connections' | 'rss_warm_mib' | 'rss_end_mib' | 'rss_max_mib' | 'rss_growth_pct' | 'expenses'
  >;
  // Warm-up (not measured): the response cache, SQLite page caches of the main and worker connections and the JIT
  // fill up to their bounds; growth is measured from its end to the end of the run.
  const warmEnd = warmup * 1000;
  const warm = median(samples.filter((s) => s.t >= warmEnd - 1500 && s.t <= warmEnd + 1500).map((s) => s.rss));
  const end = median(samples.slice(-4).map((s) => s.rss));
  const max = Math.max(...samples.filter((s) => s.t >= warmEnd).map((s) => s.rss));
  const mib = (b: number) => Math.round((b / 1048576) * 10) / 10;
  const result: SoakResult = {
    seconds,
    warmup,
    connections,
    expenses,
    ...load,
    rss_warm_mib: mib(warm),
    rss_end_mib: mib(end),
    rss_max_mib: mib(max),
    rss_growth_pct: Math.round(((end - warm) / warm) * 1000) / 10,
  };
  if (a.json) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    process.stdout.write(
      `soak: ${seconds} s after ${warmup} s warm-up, ${connections} connections (${result.subscribers} SSE subscribers), ${expenses.toLocaleString('en')} expenses\n` +
        `  ${result.requests.toLocaleString('en')} requests (${result.writes} writes), ${result.errors} errors, ${result.events_received} live events\n` +
        `  latency p50 ${result.p50_ms.toFixed(2)} ms, p99 ${result.p99_ms.toFixed(2)} ms, max ${result.max_ms.toFixed(1)} ms\n` +
        `  server RSS after warm-up ${result.rss_warm_mib} MiB, at end ${result.rss_end_mib} MiB (growth ${result.rss_growth_pct} %), max ${result.rss_max_mib} MiB\n`,
    );
  }
  return result.errors === 0 && (!a.strict || result.rss_growth_pct < 10) ? 0 : 1;
}

const a = args(process.argv.slice(2));
if (a.generator) await generator(a);
else process.exitCode = await driver(a);
