/**
 * `npm start` without Electron (scripts/start.js): a real child process serving a real demo database. It says what
 * it did (books created with their size, where backups go), prints one address with the token, passes its
 * arguments to `kira serve`, and that address answers. The build step is not exercised here: `npm test` has just
 * built, so nothing is stale; .ci/run proves the whole first command on a fresh clone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { plural, startReport } from '../../src-engine/cli/start-report.js';
import { tempDir } from '../helpers/tmp.js';

const ADDRESS = /Open: (http:\/\/127\.0\.0\.1:(\d+))\/#token=([\w-]+)/;

interface Started {
  child: ChildProcess;
  out: () => string;
  origin: string;
  token: string;
}

function start(args: string[], dataDir: string): Promise<Started> {
  const env = { ...process.env, KIRA_DATA_DIR: dataDir, DISPLAY: '', WAYLAND_DISPLAY: '' };
  // Its own process group, as in a terminal: Ctrl+C is then a SIGINT to the whole group (see ctrlC).
  const child = spawn(process.execPath, ['scripts/start.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address in 60 s:\n${out}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${out}`)));
    const poll = setInterval(() => {
      const m = ADDRESS.exec(out);
      // The hint after the address comes from start.js itself: wait for it so the output is complete.
      if (m && out.includes('Open that address')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, out: () => out, origin: m[1]!, token: m[3]! });
      }
    }, 20);
  });
}

/** Its exit code once it exits; a process that does not exit in 40 s fails with what it printed (a hung shutdown). */
function exited(child: ChildProcess, out: () => string, send: () => void): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`npm start did not exit 40 s after the signal:\n${out()}`)), 40_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    send();
  });
}

const stop = (s: Started) => exited(s.child, s.out, () => s.child.kill('SIGTERM'));

/** Ctrl+C in a terminal: SIGINT to every process of the group (start.js and kira serve), which start.js forwards too. */
const ctrlC = (s: Started) => exited(s.child, s.out, () => process.kill(-s.child.pid!, 'SIGINT'));

const running: Started[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map(stop));
});

describe('npm start (browser mode)', () => {
  it('creates the demo books where --db says, reports them, passes --port/--no-backup through and serves the address', async () => {
    const tmp = tempDir('kira-start-');
    try {
      const db = tmp.path('books.db');
      const first = await start(['--db', db, '--port', '0', '--no-backup'], tmp.path('data'));
      running.push(first);
      const out = first.out();
      expect(out).toMatch(
        new RegExp(
          `Demo books created at ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: \\d+ compan(y|ies), [\\d,]+ clients?, [\\d,]+ invoices?, [\\d,]+ expenses?\\.`,
        ),
      );
      expect(out).toContain('Backups: off (--no-backup).');
      // One line carries the token; no bare address line beside it.
      expect(out.split('\n').filter((l) => l.includes('127.0.0.1'))).toEqual([`Open: ${first.origin}/#token=${first.token}`]);
      const answer = await fetch(`${first.origin}/api/companies`, { headers: { authorization: `Bearer ${first.token}` } });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
      expect((await fetch(`${first.origin}/`)).status).toBe(200);
      expect(await stop(running.pop()!)).toBe(0);

      // Second start on the same file: the books are opened, not created again; backups are reported where they go.
      const second = await start(['--db', db, '--port', '0'], tmp.path('data'));
      running.push(second);
      expect(second.out()).toContain(`Books: ${db} (`);
      expect(second.out()).toMatch(/Backups: .*backups.* \(every 24 hours and at shutdown\)\./);
      // Ctrl+C reaches kira serve two or three times at once; it still shuts down cleanly: a final backup, no
      // marker of an unclean shutdown left beside the books.
      expect(await ctrlC(running.pop()!)).toBe(0);
      expect(readdirSync(tmp.path('backups')).some((f) => f.endsWith('-shutdown.db'))).toBe(true);
      expect(readdirSync(tmp.dir).filter((f) => f.includes('.running'))).toEqual([]);
    } finally {
      tmp.cleanup();
    }
    // Two starts and two shutdowns of real processes: each step has its own deadline that reports what it printed.
  }, 200_000);

  it('uses the default data folder when no --db is given', async () => {
    const tmp = tempDir('kira-start-');
    try {
      const s = await start(['--port', '0', '--no-backup'], tmp.dir);
      running.push(s);
      expect(s.out()).toContain(`Demo books created at ${tmp.path('kira.db')}:`);
    } finally {
      await Promise.all(running.splice(0).map(stop));
      tmp.cleanup();
    }
  }, 100_000);
});

describe('startReport', () => {
  const company = (clients: number, invoices: number, expenses: number) => ({
    id: 1,
    name: 'A',
    currency: 'MYR',
    time_zone: 'Asia/Kuala_Lumpur',
    created_at: '2026-01-01',
    counts: { clients, invoices, expenses, quotes: 0 },
  });
  it('counts with the right singular or plural and says where backups go', () => {
    const text = startReport({
      dbPath: '/d/k.db',
      createdDemo: true,
      companies: [company(1, 1200, 1)],
      backupDir: '/d/backups',
      backupEveryHours: 1,
      openUrl: 'http://127.0.0.1:1/#token=t',
    });
    expect(text).toBe(
      'Demo books created at /d/k.db: 1 company, 1 client, 1,200 invoices, 1 expense.\n' +
        'Backups: /d/backups (every hour and at shutdown).\nOpen: http://127.0.0.1:1/#token=t\nPress Ctrl+C to stop.\n',
    );
    expect(plural(0, 'company', 'companies')).toBe('0 companies');
  });
});
