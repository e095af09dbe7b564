/**
 * Referee: `kira bench URL` (the one-line form, a child process as a user runs it) against wrk on a bare
 * node:http server, at 10 and 50 connections, A-B-B-A (wrk, kira, kira, wrk) after one unmeasured warm-up run
 * of each. wrk runs with one thread (-t1), like Kira's one generator. Then Kira with two generators
 * (`--threads 2`) against wrk -t2, B-A-A-B. Prints every run and the averages; goals: with one generator Kira's
 * mean within 15% of wrk's and its throughput ≥ 0.9× wrk's; with two, throughput ≥ wrk's. Exit 1 when one is missed.
 *
 *   node dist/bench/wrk-vs-kira.js [--duration 3] [--connections 10,50]
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { packageRoot } from '../src-engine/bench/paths.js';
import { textTable } from '../src-engine/core/bench/table.js';
import type { BenchResult } from '../src-engine/core/bench/types.js';

const run = promisify(execFile);
const { values } = parseArgs({ options: { duration: { type: 'string' }, connections: { type: 'string' } } });
const DURATION_S = Number(values.duration ?? 3);
const CONNECTIONS = (values.connections ?? '10,50').split(',').map(Number);

interface Figures {
  rps: number;
  mean: number;
  p50: number;
  p99: number;
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
  const { stdout } = await run('wrk', [`-t${threads}`, `-c${c}`, `-d${DURATION_S}s`, '--latency', url]);
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
  return { rps: Number(rps), mean: wrkMs(mean), p50: wrkMs(p50), p99: wrkMs(p99) };
}

async function kira(url: string, c: number, dir: string, threads = 1): Promise<Figures> {
  const out = join(dir, `kira-${c}-${Date.now()}.json`);
  await run(process.execPath, [
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
  ]);
  const s = (JSON.parse(readFileSync(out, 'utf8')) as BenchResult).scenarios[0];
  if (!s) throw new Error('kira wrote no scenario');
  return { rps: s.throughput, mean: s.latency_ms.mean, p50: s.latency_ms.p50, p99: s.latency_ms.p99 };
}

const avg = (xs: Figures[]): Figures => ({
  rps: xs.reduce((a, x) => a + x.rps, 0) / xs.length,
  mean: xs.reduce((a, x) => a + x.mean, 0) / xs.length,
  p50: xs.reduce((a, x) => a + x.p50, 0) / xs.length,
  p99: xs.reduce((a, x) => a + x.p99, 0) / xs.length,
});
const f = (x: number, d = 2) => x.toFixed(d);

async function main(): Promise<number> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const dir = mkdtempSync(join(tmpdir(), 'kira-wrk-'));
  let ok = true;
  try {
    for (const c of CONNECTIONS) {
      await wrk(url, c);
      await kira(url, c, dir);
      const w1 = await wrk(url, c);
      const k1 = await kira(url, c, dir);
      const k2 = await kira(url, c, dir);
      const w2 = await wrk(url, c);
      const rows = [
        ['wrk A', w1],
        ['kira B', k1],
        ['kira B', k2],
        ['wrk A', w2],
      ].map(([name, x]) => [
        name as string,
        f((x as Figures).rps, 0),
        f((x as Figures).mean),
        f((x as Figures).p50),
        f((x as Figures).p99),
      ]);
      const w = avg([w1, w2]);
      const k = avg([k1, k2]);
      const meanRatio = k.mean / w.mean;
      const rpsRatio = k.rps / w.rps;
      const meanOk = Math.abs(meanRatio - 1) <= 0.15;
      const rpsOk = rpsRatio >= 0.9;
      ok &&= meanOk && rpsOk;
      process.stdout.write(`\n${c} connections, ${DURATION_S} s per run, bare node:http at ${url}\n`);
      process.stdout.write(textTable(['run', 'req/s', 'mean ms', 'p50 ms', 'p99 ms'], rows) + '\n');
      process.stdout.write(
        `averages: wrk ${f(w.rps, 0)} req/s mean ${f(w.mean)} ms · kira ${f(k.rps, 0)} req/s mean ${f(k.mean)} ms\n` +
          `mean ${f(meanRatio)}× wrk's (goal within ±15%): ${meanOk ? 'PASS' : 'FAIL'} · throughput ${f(rpsRatio)}× wrk's (goal ≥ 0.9×): ${rpsOk ? 'PASS' : 'FAIL'}\n`,
      );
      if (c >= 2) {
        const k3 = await kira(url, c, dir, 2);
        const w3 = await wrk(url, c, 2);
        const w4 = await wrk(url, c, 2);
        const k4 = await kira(url, c, dir, 2);
        const ratio = avg([k3, k4]).rps / avg([w3, w4]).rps;
        const twoOk = ratio >= 1;
        ok &&= twoOk;
        process.stdout.write(
          `two generators: kira --threads 2 ${f(k3.rps, 0)} · ${f(k4.rps, 0)} req/s, wrk -t2 ${f(w3.rps, 0)} · ${f(w4.rps, 0)} req/s → ${f(ratio)}× wrk's (goal ≥ 1×): ${twoOk ? 'PASS' : 'FAIL'}\n`,
        );
      }
    }
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

process.exitCode = await main();
