/**
 * Kira's cached overview against a bare node:http server returning the same bytes, both loaded by Debian's wrk
 * (microsecond latencies, one thread: little CPU beside the server on a two-core machine). Each server runs in
 * its own child process, so its CPU time (process.cpuUsage, asked by IPC before and after a run) is its own;
 * CPU per request = that time / the requests wrk completed. Runs alternate A-B-B-A (Kira, bare, bare, Kira) and
 * each figure is the mean of its two runs, so a drift in the machine's load falls on both sides of the ratio.
 *
 * Before measuring, Kira's process must have gone quiet (its start-up check runs in a worker thread, and every
 * thread's CPU counts), then each server gets a warm-up under the same load (`--warmup` s).
 *
 *   node dist/bench/wrk-compare.js [--expenses 20000] [--invoices 2000] [--db path] [--seconds 5] [--rounds 1] [--warmup 5] [--connections 50] [--wrk /usr/bin/wrk] [--budget file]
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchDatabase } from './lib/bench-database.js';
import { mean } from '../src-engine/core/bench/stats.js';
import { finish, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';
import type { ServerChildReply, ServerChildRequest } from './lib/server-child.js';

const run = promisify(execFile);
const flags = new Flags(['seconds', 'rounds', 'warmup', 'connections', 'wrk', 'expenses', 'invoices', 'db', 'budget']);
const seconds = Math.max(1, flags.number('seconds', 5));
const rounds = Math.max(1, Math.min(10, flags.number('rounds', 1)));
const warmup = Math.max(1, flags.number('warmup', 5));
const connections = Math.max(1, flags.number('connections', 50));
const wrkPath = flags.string('wrk') ?? '/usr/bin/wrk';
const db = benchDatabase(flags.number('expenses', 20_000), flags.number('invoices', 2_000), flags.string('db'));

interface ServerChild {
  url: string;
  token: string;
  /** CPU µs used so far, and how many requests Kira's cache-hit path has answered. */
  cpu(): Promise<{ us: number; answered: number }>;
  stop(): Promise<void>;
}

function next(proc: ChildProcess): Promise<ServerChildReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`server child exited with ${code}`));
    proc.once('exit', onExit);
    proc.once('message', (m) => {
      proc.off('exit', onExit);
      resolve(m as ServerChildReply);
    });
  });
}

async function startChild(args: string[], first?: ServerChildRequest): Promise<ServerChild> {
  const proc = fork(fileURLToPath(new URL('./lib/server-child.js', import.meta.url)), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = next(proc);
  if (first) proc.send(first);
  const r = await ready;
  if (r.kind !== 'ready') throw new Error(`server child: ${r.kind === 'error' ? r.message : r.kind}`);
  return {
    url: r.url,
    token: r.token,
    cpu: async () => {
      const answer = next(proc);
      proc.send({ cmd: 'cpu' } satisfies ServerChildRequest);
      const c = await answer;
      if (c.kind !== 'cpu') throw new Error(`server child answered ${c.kind}`);
      return { us: c.usage.user + c.usage.system, answered: c.hitPathAnswers };
    },
    stop: async () => {
      const gone = new Promise((resolve) => proc.once('exit', resolve));
      proc.send({ cmd: 'stop' } satisfies ServerChildRequest);
      await gone;
    },
  };
}

interface WrkRun {
  rps: number;
  requests: number;
  non2xx: number;
  p50us: number;
  p99us: number;
  cpuUs: number;
  /** Requests the cache-hit path answered during the run. */
  answered: number;
  load: number;
}

/** wrk's latency figures ("512.00us", "1.20ms", "2.00s") in microseconds. */
function micros(text: string | undefined): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text ?? '');
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === 'us' ? 1 : m[2] === 'ms' ? 1000 : 1e6);
}

/** Both servers get the very same request, Kira's bearer header included (the bare one ignores it). */
async function wrk(server: ServerChild, url: string, secs: number, token: string): Promise<WrkRun> {
  const headers = ['-H', `Authorization: Bearer ${token}`];
  const before = await server.cpu();
  const { stdout } = await run(wrkPath, ['-t1', `-c${connections}`, `-d${secs}s`, '--latency', ...headers, url], {
    timeout: (secs + 30) * 1000,
  });
  const after = await server.cpu();
  const used = after.us - before.us;
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN),
    requests,
    non2xx,
    p50us: micros(/\s50%\s+(\S+)/.exec(stdout)?.[1]),
    p99us: micros(/\s99%\s+(\S+)/.exec(stdout)?.[1]),
    cpuUs: used / Math.max(1, requests),
    answered: after.answered - before.answered,
    load: loadavg()[0] ?? 0,
  };
}

const kira = await startChild(['kira', db.path]);
let bare: ServerChild | null = null;
try {
  const url = `${kira.url}/api/dashboard/overview?company=${db.companyId}&from=2025-01-01&to=2025-06-30`;
  const first = await fetch(url, { headers: { authorization: `Bearer ${kira.token}` } });
  if (first.status !== 200) throw new Error(`overview answered ${first.status}: ${await first.text()}`);
  const body = Buffer.from(await first.arrayBuffer());
  const contentType = first.headers.get('content-type') ?? 'application/json';
  const bareChild = await startChild(['bare'], { cmd: 'bare', body: body.toString('base64'), contentType });
  bare = bareChild;
  const bareUrl = bareChild.url;
  // Wait (at most 20 s) until Kira uses under 5 % of a core at rest, then warm both up (JIT, connections).
  for (let i = 0; i < 40; i++) {
    const before = await kira.cpu();
    await new Promise((resolve) => setTimeout(resolve, 500));
    if ((await kira.cpu()).us - before.us < 25_000) break;
  }
  // Steady state: V8 keeps optimising (and its compiler threads' CPU counts) for some seconds under load.
  await wrk(kira, url, warmup, kira.token);
  await wrk(bareChild, bareUrl, warmup, kira.token);
  const kiraRun = () => wrk(kira, url, seconds, kira.token);
  const bareRun = () => wrk(bareChild, bareUrl, seconds, kira.token);
  const kiraRuns: WrkRun[] = [];
  const bareRuns: WrkRun[] = [];
  const fmt = (r: WrkRun) =>
    `${r.rps.toFixed(0)} req/s ${r.cpuUs.toFixed(1)} µs CPU/req p50 ${r.p50us.toFixed(0)} µs p99 ${r.p99us.toFixed(0)} µs load ${r.load.toFixed(2)}`;
  process.stderr.write(`runs (A-B-B-A × ${rounds}, wrk -t1 -c${connections} -d${seconds}s):\n`);
  for (let round = 0; round < rounds; round++) {
    for (const [who, runOne, into] of [
      ['kira', kiraRun, kiraRuns],
      ['bare', bareRun, bareRuns],
      ['bare', bareRun, bareRuns],
      ['kira', kiraRun, kiraRuns],
    ] as const) {
      const r = await runOne();
      into.push(r);
      process.stderr.write(`  ${who} ${fmt(r)}\n`);
    }
  }
  const meanOf = (rs: readonly WrkRun[], f: (r: WrkRun) => number) => mean(rs.map(f));
  const rps = { kira: meanOf(kiraRuns, (r) => r.rps), bare: meanOf(bareRuns, (r) => r.rps) };
  const cpu = { kira: meanOf(kiraRuns, (r) => r.cpuUs), bare: meanOf(bareRuns, (r) => r.cpuUs) };
  const failures = kiraRuns.reduce((a, r) => a + r.non2xx, 0);
  const answered = kiraRuns.reduce((a, r) => a + r.answered, 0);
  const sent = kiraRuns.reduce((a, r) => a + r.requests, 0);
  // wrk counts completed responses; requests cut off at the end of a run may have been answered too.
  process.stderr.write(`Kira's cache-hit path answered ${answered} requests; wrk completed ${sent}\n`);
  if (answered < sent) process.stderr.write('warning: some cached requests were not answered by the cache-hit path\n');
  if (failures > 0) process.stderr.write(`warning: ${failures} non-2xx answers from Kira\n`);
  const figures: Figure[] = [
    { name: 'wrk_cached_rps', value: rps.kira, unit: 'req/s', baseline: rps.bare },
    { name: 'wrk_throughput_ratio', value: rps.kira / rps.bare, unit: 'x', baseline: 1, goal: '≥ 0.7' },
    { name: 'wrk_cpu_per_request', value: cpu.kira, unit: 'µs', baseline: cpu.bare },
    { name: 'wrk_cpu_ratio', value: cpu.kira / cpu.bare, unit: 'x', baseline: 1, goal: '≤ 1.3' },
    { name: 'wrk_p50', value: meanOf(kiraRuns, (r) => r.p50us), unit: 'µs', baseline: meanOf(bareRuns, (r) => r.p50us) },
    { name: 'wrk_p99', value: meanOf(kiraRuns, (r) => r.p99us), unit: 'µs', baseline: meanOf(bareRuns, (r) => r.p99us) },
  ];
  process.stdout.write(
    `database ${db.path} (${db.generated ? 'generated' : 'reused'}), ${body.length} B overview, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  finish(`cached overview under wrk, ${connections} connections`, figures, flags.string('budget'));
} finally {
  await bare?.stop();
  await kira.stop();
}
