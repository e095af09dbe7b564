/**
 * One engine lifecycle (service/root/engine.ts) behind both adapters, `startServer` (`kira serve`) and the desktop
 * app's `startDesktopEngine`: a running benchmark is stopped before the HTTP port it loads closes, and a start
 * that failed leaves no backup. Real parts: SQLite files, HTTP on loopback, the worker-thread load generator
 * (dist/, built by `npm test` before vitest).
 */
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchLiveEvent } from '../../src-engine/core/bench/panel.js';
import { ensureDemoDatabase } from '../../src-engine/data/index.js';
import type { KiraLiveHub } from '../../src-engine/live/create-hub.js';
import { startServer } from '../../src-engine/service/root/server.js';
import { backupDir } from '../../src-engine/store/backup.js';
import { startDesktopEngine } from '../../src-main/engine.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('kira-lifecycle-');
afterAll(() => tmp.cleanup());

/** Each database in its own folder: backups/ is beside it. */
function bookPath(name: string): string {
  mkdirSync(tmp.path(name));
  return tmp.path(`${name}/kira.db`);
}

function demoBooks(name: string): string {
  const dbPath = bookPath(name);
  ensureDemoDatabase(dbPath, { companies: 1, expenses: 50, invoices: 10, seed: 3 });
  return dbPath;
}

const firstCompany = (dbPath: string): number => {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM companies ORDER BY id LIMIT 1').get() as { id: number }).id;
  } finally {
    db.close();
  }
};

/** One scenario that would run for two minutes: it is still running when the test closes the engine. */
const longRun = (company: number) => ({
  definition: {
    name: 'long',
    defaults: { duration_s: 120, warmup_requests: 1 },
    scenarios: [
      {
        name: 'overview',
        request: { method: 'GET', path: '/api/dashboard/overview', query: { company: String(company) } },
        model: { type: 'closed', users: 1 },
      },
    ],
  },
});

/**
 * Records, in order, the benchmark's end (its `run` event on the live hub) and the port's listening socket
 * closing; `measuring` resolves on the first progress event of the measured phase (the generator is loading).
 */
function recordShutdown(hub: KiraLiveHub, company: number, port: HttpServer) {
  const order: string[] = [];
  let ended: BenchLiveEvent | null = null;
  let onMeasuring: () => void = () => {};
  const measuring = new Promise<void>((resolve) => (onMeasuring = resolve));
  hub.snapshot(company);
  hub.subscribe(company, (e) => {
    if (e.name !== 'bench-progress') return;
    const data = e.data as BenchLiveEvent;
    if (data.kind === 'scenario' && data.phase === 'measure') onMeasuring();
    if (data.kind === 'run') {
      ended = data;
      order.push(`benchmark ${data.status}`);
    }
  });
  port.once('close', () => order.push('port closed'));
  return { order, measuring, ended: () => ended };
}

describe('the shutdown order', () => {
  it('kira serve: a running benchmark is stopped (cancelled, kept in the history) before the port closes', async () => {
    const dbPath = demoBooks('serve');
    const company = firstCompany(dbPath);
    const server = await startServer({ dbPath, workers: 0, warm: false, rendererDir: null, backup: false });
    if (!server.live) throw new Error('the live hub is off');
    const rec = recordShutdown(server.live, company, server.app.server);
    const started = await fetch(`${server.url}/api/bench/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(longRun(company)),
    });
    expect(started.status).toBe(202);
    await rec.measuring;
    await server.close();
    expect(rec.order).toEqual(['benchmark cancelled', 'port closed']);
    expect(rec.ended()).toMatchObject({ kind: 'run', status: 'cancelled' });
    // What was measured before the cancel is stored, in the database closed after it.
    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      const row = db.prepare('SELECT result FROM bench_runs ORDER BY id DESC LIMIT 1').get() as { result: string };
      expect(JSON.parse(row.result)).toMatchObject({ suite: 'long', aborted: true });
    } finally {
      db.close();
    }
  });

  it('desktop app: the benchmark opens the port on demand; closing stops it before the port, once', async () => {
    const dbPath = demoBooks('desktop');
    const company = firstCompany(dbPath);
    const engine = startDesktopEngine({ dbPath, demo: false, workers: 1, backups: false, log: () => {} });
    expect(engine.http.isOpen()).toBe(false);
    const reply = await engine.invoke('bench.start', { body: longRun(company) });
    expect(reply).toMatchObject({ status: 202, body: { status: 'running' } });
    // The embedded benchmark asked the engine for its port: the same one a caller now gets.
    const port = await engine.http.ensure();
    const rec = recordShutdown(engine.hub, company, port.app.server);
    await rec.measuring;
    await Promise.all([engine.close(), engine.close()]);
    expect(rec.order).toEqual(['benchmark cancelled', 'port closed']);
    // Closed for good: a late caller cannot leave a port open behind a closed engine.
    await expect(engine.http.ensure()).rejects.toThrow(/shutting down/);
  });
});

describe('a start that failed', () => {
  it('kira serve on a port in use: refused, and no backup taken although one is due at shutdown', async () => {
    const dbPath = demoBooks('busy');
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      await expect(
        startServer({ dbPath, port: address.port, workers: 0, rendererDir: null, backup: { intervalMs: 0, onShutdown: true } }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
    expect(existsSync(backupDir(dbPath)) ? readdirSync(backupDir(dbPath)) : []).toEqual([]);
    // The database was closed: the same file serves at once, and a clean shutdown then does take its backup.
    const again = await startServer({ dbPath, workers: 0, rendererDir: null, backup: { intervalMs: 0, onShutdown: true } });
    await again.close();
    expect(readdirSync(backupDir(dbPath)).filter((f) => f.endsWith('-shutdown.db'))).toHaveLength(1);
  });

  it('desktop app on a database from a newer Kira: refused, and no backup taken', () => {
    const dbPath = bookPath('newer');
    const db = new BetterSqlite3(dbPath);
    db.pragma('user_version = 9999');
    db.close();
    expect(() => startDesktopEngine({ dbPath, demo: false, workers: 1, log: () => {} })).toThrow();
    expect(existsSync(backupDir(dbPath)) ? readdirSync(backupDir(dbPath)) : []).toEqual([]);
  });
});
