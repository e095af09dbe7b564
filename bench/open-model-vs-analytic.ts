/**
 * Referee for the open model: `kira bench URL -r RATE` against a server (its own process) that stalls for S ms
 * every P ms, compared with the analytic answer. A request intended at a uniformly random moment waits
 * max(0, S − phase) when it falls in the stall, so P(latency > x) = (S − x)/P for 0 ≤ x < S: the q-quantile is
 * S − (1 − q)·P (0 when negative) and the mean S²/(2P) — for S = 200, P = 2000: p99 180 ms, p95 100 ms, mean 10 ms.
 * The closed model on the same server is printed beside it: it waits through the stall and hides it.
 *
 *   node dist/bench/open-model-vs-analytic.js [--stall 200] [--period 2000] [--rate 200] [--duration 10]
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../src-engine/bench/paths.js';
import { textTable } from '../src-engine/core/bench/table.js';
import type { BenchResult, ScenarioResult } from '../src-engine/core/bench/types.js';
import { Flags } from './lib/flags.js';

const run = promisify(execFile);
const flags = new Flags(['stall', 'period', 'rate', 'duration']);
const S = flags.number('stall', 200);
const P = flags.number('period', 2000);
const RATE = flags.number('rate', 200);
const DURATION = flags.number('duration', 10);

const SERVER = `
import http from 'node:http';
const S = ${S}, P = ${P};
const s = http.createServer((req, res) => {
  const answer = () => res.writeHead(200, { 'content-length': 2 }).end('ok');
  const phase = Date.now() % P;
  if (phase < S) setTimeout(answer, S - phase); else answer();
});
s.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port));
`;

const analytic = (q: number) => Math.max(0, S - (1 - q) * P);

async function kira(url: string, args: string[], dir: string): Promise<ScenarioResult> {
  const out = join(dir, `r-${Date.now()}.json`);
  await run(process.execPath, [
    join(packageRoot(), 'bin', 'kira.js'),
    'bench',
    url,
    ...args,
    '-d',
    String(DURATION),
    '--no-history',
    '--min-success',
    '0',
    '--json',
    out,
  ]);
  const s = (JSON.parse(readFileSync(out, 'utf8')) as BenchResult).scenarios[0];
  if (!s) throw new Error('kira wrote no scenario');
  return s;
}

async function main(): Promise<number> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const dir = mkdtempSync(join(tmpdir(), 'kira-analytic-'));
  try {
    const open = await kira(url, ['-r', String(RATE), '-c', '64'], dir);
    const closed = await kira(url, ['-c', '1'], dir);
    const f = (x: number) => x.toFixed(1);
    const rows = (['p50', 'p90', 'p95', 'p99'] as const).map((p) => {
      const q = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 }[p];
      return [p, f(analytic(q)), f(open.latency_ms[p]), f(closed.latency_ms[p])];
    });
    rows.push(['mean', f((S * S) / (2 * P)), f(open.latency_ms.mean), f(closed.latency_ms.mean)]);
    process.stdout.write(
      `server stalls ${S} ms every ${P} ms; open model at ${RATE} req/s for ${DURATION} s (achieved ${open.rate?.achieved ?? '—'}, dropped ${open.dropped ?? 0})\n`,
    );
    process.stdout.write(textTable(['latency ms', 'analytic', 'kira open', 'kira closed (1 user)'], rows) + '\n');
    const p99 = open.latency_ms.p99;
    const ok = Math.abs(p99 - analytic(0.99)) <= 0.15 * analytic(0.99);
    process.stdout.write(`open-model p99 ${f(p99)} ms vs analytic ${f(analytic(0.99))} ms: ${ok ? 'PASS' : 'FAIL'} (goal within ±15%)\n`);
    return ok ? 0 : 1;
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
