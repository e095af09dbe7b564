/**
 * Referee: `kira bench URL` (the one-line form, a child process as a user runs it) against wrk on a bare
 * node:http server, at 10 and 50 connections. Each round is A-B-B-A (wrk, kira, kira, wrk) with one thread each
 * (wrk -t1, `--threads 1`), then B-A-A-B with two (wrk -t2, `--threads 2`); a round's ratio is kira's pair over
 * wrk's pair, and the verdict rests on the **median** of the rounds' ratios (single runs on a shared machine differ
 * by up to 2×). Prints every run, the load average before each round, and each tool's CPU per request (wrk's from
 * its rusage via /usr/bin/time, kira's generator from its own process's CPU), and the server's CPU over each run
 * as a share of one core (near 100%: the one-thread server was the limit, and what a generator changes is how much
 * of the two cores it takes from it). Goals: one thread — mean within ±15% of wrk's, throughput ≥ 0.9× wrk's;
 * two — throughput ≥ wrk's. Exit 1 when a median misses one.
 *
 *   node dist/bench/wrk-vs-kira.js [--duration 3] [--connections 10,50] [--rounds 3] [--pin]
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { packageRoot } from '../src-engine/bench/paths.js';
import { textTable } from '../src-engine/core/bench/table.js';
import type { BenchResult } from '../src-engine/core/bench/types.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: { duration: { type: 'string' }, connections: { type: 'string' }, rounds: { type: 'string' }, pin: { type: 'boolean' } },
});
const DURATION_S = Number(values.duration ?? 3);
const CONNECTIONS = (values.connections ?? '10,50').split(',').map(Number);
const ROUNDS = Math.max(1, Number(values.rounds ?? 3));
/**
 * --pin: the server on core 0 and both tools on the other cores (taskset), so a generator never runs on the
 * server's core: the two-thread figure then measures the generators, not how much CPU they take from the server.
 */
const PIN = values.pin === true;
const CORES = availableParallelism();
if (PIN && (CORES < 2 || !existsSync('/usr/bin/taskset'))) throw new Error('--pin needs taskset and at least 2 cores');

/** The command as given, or under taskset on the server's core or the others (--pin). */
function pinned(cmd: string, args: string[], role: 'server' | 'tool'): [string, string[]] {
  return PIN ? ['taskset', ['-c', role === 'server' ? '0' : `1-${CORES - 1}`, cmd, ...args]] : [cmd, args];
}

/** GNU time gives wrk's CPU (user + system, from its rusage); without it wrk's CPU per request is not measured. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface Figures {
  rps: number;
  mean: number;
  p50: number;
  p99: number;
  /** CPU per request of the load generator (µs), when measured. */
  cpuUs: number | null;
  /** How long the run lasted by the tool's own account (wrk's "in 3.10s", Kira's measured window). */
  seconds: number;
  /** The server's CPU over the run as a share of one core (Linux /proc), when measured. */
  serverBusy?: number | null;
}

/** The server process's CPU so far (ms), from /proc/PID/stat (utime + stime, in 1/100 s); null elsewhere. */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.split(' ') ?? [];
    // Fields 14 and 15 of the file; after "pid (comm) " the list starts at field 3.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

let serverPid: number | undefined;

/**
 * A run, with the server's busy share over it (its CPU over the run's length as the tool reports it; Kira's
 * count includes its few warm-up requests): near 100%, the server (one Node thread) was the limit.
 */
async function withServer(run: () => Promise<Figures>): Promise<Figures> {
  const before = processCpuMs(serverPid);
  const x = await run();
  const after = processCpuMs(serverPid);
  return { ...x, serverBusy: before === null || after === null ? null : (after - before) / (x.seconds * 1000) };
}

const BARE = `
import http from 'node:http';
const body = Buffer.from(JSON.stringify({ ok: true, figures: Array.from({ length: 20 }, (_, i) => i * 1234) }));
const s = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
s.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port));
`;

/** wrk prints "1.23ms", "456.00us", "1.02s". */
function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) throw new Error(`cannot read wrk latency "${text}"`);
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
}

const LATENCY = /^\s*Latency\s+([\d.]+(?:us|ms|s))\s/m;

async function wrk(url: string, c: number, threads = 1, attempt = 1): Promise<Figures> {
  const args = [`-t${threads}`, `-c${c}`, `-d${DURATION_S}s`, '--latency', url];
  const { stdout, stderr } = await run(...pinned(TIME ?? 'wrk', TIME ? ['-f', 'CPU %U %S', 'wrk', ...args] : args, 'tool'));
  const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(stderr);
  const totalIn = /^\s*(\d+) requests in ([\d.]+)(m?s)/m.exec(stdout);
  const total = totalIn?.[1];
  const mean = LATENCY.exec(stdout)?.[1];
  // Anchored: the thread-stats columns end in percentages too ("… 99.12%").
  const p50 = /^\s+50%\s+(\S+)\s*$/m.exec(stdout)?.[1];
  const p99 = /^\s+99%\s+(\S+)\s*$/m.exec(stdout)?.[1];
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
  if (!mean || !p50 || !p99 || !rps) {
    // wrk occasionally prints an empty thread-stats line; one retry, then give up with its output.
    if (attempt === 1) return wrk(url, c, threads, 2);
    throw new Error(`cannot read wrk output:\n${stdout}`);
  }
  const cpuUs = cpu && total ? ((Number(cpu[1]) + Number(cpu[2])) * 1e6) / Number(total) : null;
  const seconds = totalIn ? Number(totalIn[2]) / (totalIn[3] === 'ms' ? 1000 : 1) : DURATION_S;
  return { rps: Number(rps), mean: wrkMs(mean), p50: wrkMs(p50), p99: wrkMs(p99), cpuUs, seconds };
}

async function kira(url: string, c: number, dir: string, threads = 1): Promise<Figures> {
  const out = join(dir, `kira-${c}-${Date.now()}.json`);
  await run(
    ...pinned(
      process.execPath,
      [
        join(packageRoot(), 'bin', 'kira.js'),
        'bench',
        url,
        '-c',
        String(c),
        '-d',
        String(DURATION_S),
        '--threads',
        String(threads),
        '--no-history',
        '--json',
        out,
      ],
      'tool',
    ),
  );
  const s = (JSON.parse(readFileSync(out, 'utf8')) as BenchResult).scenarios[0];
  if (!s) throw new Error('kira wrote no scenario');
  const cpuMs = s.generator_cpu_ms;
  return {
    rps: s.throughput,
    mean: s.latency_ms.mean,
    p50: s.latency_ms.p50,
    p99: s.latency_ms.p99,
    cpuUs: cpuMs !== undefined && s.requests > 0 ? (cpuMs * 1000) / s.requests : null,
    seconds: s.window_ms > 0 ? s.window_ms / 1000 : DURATION_S,
  };
}

const avg = (xs: Figures[]): Figures => {
  const cpu = xs.map((x) => x.cpuUs).filter((x): x is number => x !== null);
  return {
    rps: xs.reduce((a, x) => a + x.rps, 0) / xs.length,
    mean: xs.reduce((a, x) => a + x.mean, 0) / xs.length,
    p50: xs.reduce((a, x) => a + x.p50, 0) / xs.length,
    p99: xs.reduce((a, x) => a + x.p99, 0) / xs.length,
    cpuUs: cpu.length === xs.length ? cpu.reduce((a, x) => a + x, 0) / cpu.length : null,
    seconds: xs.reduce((a, x) => a + x.seconds, 0) / xs.length,
  };
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const f = (x: number, d = 2) => x.toFixed(d);
const cpu = (x: number | null) => (x === null ? '—' : f(x, 1));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface Round {
  rps1: number;
  mean1: number;
  rps2: number;
}

/** One round at c connections: A-B-B-A with one thread each, then B-A-A-B with two. */
async function round(url: string, c: number, dir: string, n: number): Promise<Round> {
  process.stdout.write(`\n${c} connections, round ${n}/${ROUNDS}, load average ${load()}\n`);
  const w1 = await withServer(() => wrk(url, c));
  const k1 = await withServer(() => kira(url, c, dir));
  const k2 = await withServer(() => kira(url, c, dir));
  const w2 = await withServer(() => wrk(url, c));
  const k3 = await withServer(() => kira(url, c, dir, 2));
  const w3 = await withServer(() => wrk(url, c, 2));
  const w4 = await withServer(() => wrk(url, c, 2));
  const k4 = await withServer(() => kira(url, c, dir, 2));
  const rows = (
    [
      ['wrk -t1', w1],
      ['kira', k1],
      ['kira', k2],
      ['wrk -t1', w2],
      ['kira --threads 2', k3],
      ['wrk -t2', w3],
      ['wrk -t2', w4],
      ['kira --threads 2', k4],
    ] as const
  ).map(([name, x]) => [
    name,
    f(x.rps, 0),
    f(x.mean),
    f(x.p50),
    f(x.p99),
    cpu(x.cpuUs),
    x.serverBusy === null || x.serverBusy === undefined ? '—' : `${Math.round(x.serverBusy * 100)}%`,
  ]);
  process.stdout.write(textTable(['run', 'req/s', 'mean ms', 'p50 ms', 'p99 ms', 'CPU µs/req', 'server CPU'], rows) + '\n');
  const w = avg([w1, w2]);
  const k = avg([k1, k2]);
  const r: Round = { rps1: k.rps / w.rps, mean1: k.mean / w.mean, rps2: avg([k3, k4]).rps / avg([w3, w4]).rps };
  process.stdout.write(
    `round: one thread ${f(r.rps1)}× wrk's req/s, mean ${f(r.mean1)}× · two threads ${f(r.rps2)}× · CPU µs/req wrk ${cpu(w.cpuUs)}, kira ${cpu(k.cpuUs)}\n`,
  );
  return r;
}

async function main(): Promise<number> {
  // taskset execs the command, so the child's pid stays the server's (its CPU is read from /proc).
  const child = spawn(...pinned(process.execPath, ['--input-type=module', '-e', BARE], 'server'), { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
  serverPid = child.pid;
  const dir = mkdtempSync(join(tmpdir(), 'kira-wrk-'));
  let ok = true;
  process.stdout.write(
    `bare node:http at ${url}; ${DURATION_S} s per run; ${ROUNDS} rounds per connection count; ${PIN ? `server pinned to core 0, the tools to cores 1-${CORES - 1}` : 'not pinned'}; load average ${load()}\n`,
  );
  try {
    for (const c of CONNECTIONS) {
      // One unmeasured run of each first: the server's JIT, and the page cache for kira's start-up.
      await wrk(url, c);
      await kira(url, c, dir);
      const rounds: Round[] = [];
      for (let n = 1; n <= ROUNDS; n++) rounds.push(await round(url, c, dir, n));
      const span = (k: keyof Round) => `${f(Math.min(...rounds.map((r) => r[k])))}–${f(Math.max(...rounds.map((r) => r[k])))}`;
      const rps1 = median(rounds.map((r) => r.rps1));
      const mean1 = median(rounds.map((r) => r.mean1));
      const rps2 = median(rounds.map((r) => r.rps2));
      const meanOk = Math.abs(mean1 - 1) <= 0.15;
      const rpsOk = rps1 >= 0.9;
      const twoOk = rps2 >= 1;
      ok &&= meanOk && rpsOk && twoOk;
      process.stdout.write(
        `\n${c} connections, medians of ${ROUNDS} rounds (range): one thread — mean ${f(mean1)}× wrk's (${span('mean1')}; goal within ±15%): ${meanOk ? 'PASS' : 'FAIL'}` +
          ` · throughput ${f(rps1)}× (${span('rps1')}; goal ≥ 0.9×): ${rpsOk ? 'PASS' : 'FAIL'}` +
          ` · two threads — throughput ${f(rps2)}× (${span('rps2')}; goal ≥ 1×): ${twoOk ? 'PASS' : 'FAIL'}\n`,
      );
    }
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`load average at the end ${load()}\n`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
