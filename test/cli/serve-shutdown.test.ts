/**
 * `kira serve` as a user runs it (a child process over dist/; run `npm run build:engine` first when running this file
 * alone), stopped with SIGTERM while a benchmark loads its port: the engine's one shutdown order stops the benchmark
 * before the port closes (no request of it failed to connect; the run is kept, marked aborted), then takes the
 * shutdown backup, closes the database and exits 0.
 */
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchRunView } from '../../src-engine/core/bench/panel.js';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { ensureDemoDatabase } from '../../src-engine/data/index.js';
import { backupDir } from '../../src-engine/store/backup.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const KIRA = join(ROOT, 'bin', 'kira.js');
const TOKEN = 'serve-shutdown-token-0123456789';
const tmp = tempDir('kira-serve-shutdown-');
afterAll(() => tmp.cleanup());

describe('kira serve stopped during a benchmark', () => {
  it('cancels the benchmark before closing the port, then backs up and exits 0', async () => {
    const dbPath = tmp.path('kira.db');
    ensureDemoDatabase(dbPath, { companies: 1, expenses: 50, invoices: 10, seed: 9 });
    const child = spawn(process.execPath, [KIRA, 'serve', '--db', dbPath, '--token', TOKEN], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const look = () => {
          const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=/.exec(stdout);
          if (m?.[1]) resolve(m[1]);
        };
        look();
        child.stdout.on('data', look);
        void exited.then((code) => reject(new Error(`kira serve exited (${code}) before listening: ${stderr}`)));
      });
      const call = (method: string, path: string, body?: unknown) =>
        fetch(url + path, {
          method,
          headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
      const started = await call('POST', '/api/bench/runs', {
        definition: {
          name: 'long',
          defaults: { duration_s: 120, warmup_requests: 1 },
          scenarios: [{ name: 'companies', request: { method: 'GET', path: '/api/companies' }, model: { type: 'closed', users: 2 } }],
        },
      });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: string };
      // Wait (bounded in count, not in time) until the generator is measuring: the port is under load.
      let measuring = false;
      for (let i = 0; i < 2_000 && !measuring; i++) {
        const view = (await (await call('GET', `/api/bench/runs/${id}`)).json()) as BenchRunView;
        measuring = view.progress.some((p) => p.phase === 'measure');
      }
      expect(measuring).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stderr).not.toMatch(/kira bench:/);
    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      const row = db.prepare('SELECT result FROM bench_runs ORDER BY id DESC LIMIT 1').get() as { result: string };
      const result = JSON.parse(row.result) as BenchResult;
      expect(result.aborted).toBe(true);
      // The port was still open while the generator stopped: none of its requests met a closed port.
      for (const s of result.scenarios) expect(s.errors.connection, s.name).toBe(0);
    } finally {
      db.close();
    }
    expect(existsSync(backupDir(dbPath))).toBe(true);
    expect(readdirSync(backupDir(dbPath)).filter((f) => f.endsWith('-shutdown.db'))).toHaveLength(1);
  });
});
