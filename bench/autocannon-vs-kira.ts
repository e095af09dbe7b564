/**
 * Kira's load generator against autocannon on the same endpoint, same connections and duration, in the
 * same run: a bare node:http server answering fixed bytes, and Kira's overview endpoint on a small demo
 * database. Runs are A-B-B-A (autocannon, Kira, Kira, autocannon), after one unmeasured warm-up run of each
 * tool. Each server runs in its own process, autocannon in this one, Kira's generator in a child process.
 * PASS when Kira's p50 and p99 are within ±15% of autocannon's (or within autocannon's own resolution of
 * 1 ms: it records whole milliseconds, truncated, so Kira's per-run percentiles are floored the same way for the
 * check; the table shows them exact) and its throughput is at least 80% of autocannon's; exit 1 on FAIL.
 *
 *   node dist/bench/autocannon-vs-kira.js [--connections 50] [--duration 3]
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGenerator, type GeneratorHost } from '../src-engine/bench/generator-host.js';
import { packageRoot } from '../src-engine/bench/paths.js';
import { mean, runStats } from '../src-engine/core/bench/stats.js';
import { textTable } from '../src-engine/core/bench/table.js';
import { Flags } from './lib/flags.js';

const flags = new Flags(['connections', 'duration']);
const CONNECTIONS = flags.number('connections', 50);
const DURATION_S = flags.number('duration', 3);

/** Start a server in its own process; it prints one JSON line `{ url, headers }` when listening. */
async function serverProcess(code: string): Promise<{ child: ChildProcess; url: string; headers: Record<string, string> }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'], cwd: packageRoot() });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    child.on('exit', (c) => reject(new Error(`server process exited (${c})`)));
  });
  const { url, headers } = JSON.parse(line) as { url: string; headers: Record<string, string> };
  return { child, url, headers };
}

const BARE = `
import http from 'node:http';
const body = Buffer.from(JSON.stringify({ ok: true, figures: Array.from({ length: 20 }, (_, i) => i * 1234) }));
const s = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + s.address().port, headers: {} })));
`;

const kiraService = (dbPath: string) => `
import { Store } from './dist/src-engine/store/store.js';
import { generateDemo } from './dist/src-engine/data/demo.js';
import { startServer } from './dist/src-engine/service/root/server.js';
const store = Store.open(${JSON.stringify(dbPath)});
generateDemo(store, { companies: 1, expenses: 3000, invoices: 300, months: 12 });
store.close();
const s = await startServer({ dbPath: ${JSON.stringify(dbPath)} });
console.log(JSON.stringify({ url: s.url, headers: { authorization: 'Bearer ' + s.benchToken } }));
`;

interface Row {
  tool: string;
  /** p50/p99 at autocannon's resolution: it records whole milliseconds (truncated), so Kira's are floored to compare. */
  p50Ms: number;
  p99Ms: number;
  rps: number;
  mean: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

const avg = (rows: Row[], tool: string): Row => {
  const meanOf = (f: (r: Row) => number) => mean(rows.map(f));
  const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    tool,
    p50Ms: meanOf((r) => r.p50Ms),
    p99Ms: meanOf((r) => r.p99Ms),
    rps: meanOf((r) => r.rps),
    mean: meanOf((r) => r.mean),
    p50: meanOf((r) => r.p50),
    p99: meanOf((r) => r.p99),
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors),
  };
};

async function runAutocannon(url: string, path: string, headers: Record<string, string>): Promise<Row> {
  const ac = await autocannon({ url: url + path, connections: CONNECTIONS, duration: DURATION_S, headers });
  return {
    tool: 'autocannon',
    p50Ms: ac.latency.p50,
    p99Ms: ac.latency.p99,
    rps: ac.requests.total / ac.duration,
    mean: ac.latency.mean,
    p50: ac.latency.p50,
    p99: ac.latency.p99,
    requests: ac.requests.total,
    errors: ac.errors + ac.timeouts + ac.non2xx,
  };
}

async function runKira(
  gen: GeneratorHost,
  name: string,
  url: string,
  path: string,
  headers: Record<string, string>,
  seconds = DURATION_S,
): Promise<Row> {
  const out = await gen.run(
    {
      kind: 'load',
      scenario: name,
      base_url: url,
      request: { method: 'GET', path, headers, body: null, expect_status: [200] },
      model: { type: 'closed', users: CONNECTIONS },
      bounds: { duration_ms: seconds * 1000, max_requests: 50_000_000 },
      warmup: { duration_ms: 0, max_requests: 0 },
      timeout_ms: 10_000,
      progress_ms: 1000,
    },
    () => {},
  );
  if (out.kind !== 'load') throw new Error('unexpected outcome');
  const st = runStats(out.measured);
  return {
    tool: 'kira',
    p50Ms: Math.floor(st.latency_ms.p50),
    p99Ms: Math.floor(st.latency_ms.p99),
    rps: st.throughput,
    mean: st.latency_ms.mean,
    p50: st.latency_ms.p50,
    p99: st.latency_ms.p99,
    requests: st.requests,
    errors: st.error_total,
  };
}

async function compare(
  name: string,
  url: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ rows: Row[]; pass: boolean; lines: string[] }> {
  // Warm the server (JIT, caches) and each tool's own process with a short unmeasured run — autocannon's runs
  // in this process, Kira's in its generator process, which stays up for both measured runs — then A-B-B-A so
  // a drift in the machine's load (other processes, the server warming further) falls on both tools alike;
  // each tool's figures are the average of its two runs. Every measured run opens fresh connections.
  const gen = await startGenerator('process');
  try {
    await autocannon({ url: url + path, connections: CONNECTIONS, duration: 1, headers });
    await runKira(gen, name, url, path, headers, 1);
    const a1 = await runAutocannon(url, path, headers);
    const k1 = await runKira(gen, name, url, path, headers);
    const k2 = await runKira(gen, name, url, path, headers);
    const a2 = await runAutocannon(url, path, headers);
    return verdict(name, a1, k1, k2, a2);
  } finally {
    await gen.close();
  }
}

function verdict(name: string, a1: Row, k1: Row, k2: Row, a2: Row): { rows: Row[]; pass: boolean; lines: string[] } {
  const acRow = avg([a1, a2], 'autocannon');
  const kira = avg([k1, k2], 'kira');
  // Each run on its own line too: on a shared machine the spread says how far to trust the averages.
  const runs = [a1, k1, k2, a2].map((r, i) => ({ ...r, tool: `  run ${i + 1}: ${r.tool}` }));
  const near = (k: number, a: number) => Math.abs(k - a) <= Math.max(0.15 * a, 1);
  const checks: [string, boolean][] = [
    [
      `p50 ${kira.p50Ms.toFixed(2)} ms vs ${acRow.p50.toFixed(2)} ms (whole ms as autocannon records; ±15% or ±1 ms)`,
      near(kira.p50Ms, acRow.p50Ms),
    ],
    [
      `p99 ${kira.p99Ms.toFixed(2)} ms vs ${acRow.p99.toFixed(2)} ms (whole ms as autocannon records; ±15% or ±1 ms)`,
      near(kira.p99Ms, acRow.p99Ms),
    ],
    [`throughput ${kira.rps.toFixed(0)} vs ${acRow.rps.toFixed(0)} req/s (≥ 80%)`, kira.rps >= 0.8 * acRow.rps],
  ];
  return {
    rows: [...runs, acRow, kira],
    pass: checks.every(([, ok]) => ok),
    lines: checks.map(([what, ok]) => `${ok ? 'PASS' : 'FAIL'} ${name}: ${what}`),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'kira-ac-'));
const children: ChildProcess[] = [];
let allPass = true;
try {
  const targets: [string, Promise<{ child: ChildProcess; url: string; headers: Record<string, string> }>, string][] = [
    ['bare node:http', serverProcess(BARE), '/'],
    ['kira overview', serverProcess(kiraService(join(dir, 'demo.db'))), '/api/dashboard/overview'],
  ];
  const table: string[][] = [];
  process.stderr.write(`load generators: autocannon in this process, Kira's in a child process; each server in its own process\n`);
  const verdicts: string[] = [];
  for (const [name, start, path] of targets) {
    const srv = await start;
    children.push(srv.child);
    const r = await compare(name, srv.url, path, srv.headers);
    for (const row of r.rows)
      table.push([
        name,
        row.tool,
        String(CONNECTIONS),
        `${DURATION_S} s`,
        row.rps.toFixed(0),
        row.mean.toFixed(2),
        row.p50.toFixed(2),
        row.p99.toFixed(2),
        String(row.requests),
        String(row.errors),
      ]);
    verdicts.push(...r.lines);
    allPass &&= r.pass;
    srv.child.kill();
  }
  process.stdout.write(
    textTable(['endpoint', 'tool', 'conns', 'duration', 'req/s', 'mean ms', 'p50 ms', 'p99 ms', 'requests', 'errors'], table) +
      '\n\n' +
      verdicts.join('\n') +
      '\n',
  );
} finally {
  for (const c of children) if (c.exitCode === null) c.kill();
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = allPass ? 0 : 1;
