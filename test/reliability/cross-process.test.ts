/**
 * Two real processes on one database file: this one serves (real HTTP on an ephemeral loopback port, warmed
 * cache, an SSE subscriber), a child process commits an expense through the store's write API. This process's
 * next answer — the cached view, which it had just served as a hit — shows the new figures, and its SSE
 * subscriber receives them without anyone asking (the freshness timer). Waits are on events, never on time.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { todayIn } from '../../src-engine/core/dates.js';
import type { RealtimeResult } from '../../src-engine/core/views/types.js';
import { startServer, type RunningServer } from '../../src-engine/service/root/server.js';
import { CrossProcessFreshness } from '../../src-engine/service/common/freshness.js';
import type { ChangeEvent } from '../../src-engine/store/changes.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { aggregateOf, SseClient } from '../live/harness.js';

const CHILD = 'test/reliability/children/add-expense.mjs';
let server: RunningServer | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await server?.close();
  tmp?.cleanup();
  server = tmp = undefined;
});

function books(path: string): void {
  const store = Store.open(path);
  const add = store.db.prepare("INSERT INTO companies (name, currency, time_zone, created_at) VALUES (?, 'MYR', 'UTC', '2024-01-01')");
  add.run('Alpha');
  add.run('Beta');
  store.close();
}

async function aggregate(s: RunningServer, company: number): Promise<{ cache: string | null; value: number }> {
  const res = await fetch(`${s.url}/api/dashboard/realtime/aggregate?company=${company}`, {
    headers: { authorization: `Bearer ${s.token}` },
  });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  const body = JSON.parse(text) as RealtimeResult;
  return { cache: res.headers.get('x-cache'), value: body.metrics.daily_expenses.value };
}

function openSse(s: RunningServer, company: number): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${s.url}/api/dashboard/streaming/aggregate?company=${company}`,
      { headers: { authorization: `Bearer ${s.token}` }, agent: false },
      (res) => resolve(new SseClient(res)),
    );
    req.on('error', reject);
    req.end();
  });
}

function writeFromAnotherProcess(path: string, company: number, amount: number): number {
  const out = spawnSync(process.execPath, [CHILD, path, String(company), todayIn('UTC'), String(amount)], { encoding: 'utf8' });
  expect(out.stderr).toBe('');
  expect(out.status).toBe(0);
  const { pid } = JSON.parse(out.stdout) as { pid: number };
  expect(pid).not.toBe(process.pid);
  return pid;
}

describe('several processes on one database', () => {
  it('a commit by another process reaches this one’s live subscribers and its next (cached) answer', async () => {
    tmp = tempDir('kira-xproc-');
    const path = tmp.path('kira.db');
    books(path);
    server = await startServer({ dbPath: path, workers: 0, rendererDir: tmp.path('none') });
    // Warm: the second read is a cache hit.
    await aggregate(server, 1);
    expect(await aggregate(server, 1)).toEqual({ cache: 'hit', value: 0 });
    const sse = await openSse(server, 1);
    await sse.aggregate((a) => a.metrics.daily_expenses.value === 0, 'the first aggregate');

    writeFromAnotherProcess(path, 1, 4_321);
    // No request in between: the push comes from the periodic check.
    const pushed = await sse.aggregate((a) => a.metrics.daily_expenses.value === 4_321, 'expenses 4,321 pushed');
    expect(aggregateOf(pushed).company.id).toBe(1);
    const after = await aggregate(server, 1);
    expect(after.value).toBe(4_321);
    await sse.close();
  });

  it('the check before a cache hit alone keeps answers right (no timer, every lookup checks), for every company', async () => {
    tmp = tempDir('kira-xproc-');
    const path = tmp.path('kira.db');
    books(path);
    server = await startServer({
      dbPath: path,
      workers: 0,
      rendererDir: tmp.path('none'),
      crossProcessCheckMs: 0,
      crossProcessMaxLagMs: 0,
    });
    for (const c of [1, 2]) {
      await aggregate(server, c);
      expect(await aggregate(server, c)).toEqual({ cache: 'hit', value: 0 });
    }
    writeFromAnotherProcess(path, 2, 700);
    writeFromAnotherProcess(path, 1, 50);
    // The very next lookup notices: no stale hit, whichever company the other process wrote to.
    expect((await aggregate(server, 2)).value).toBe(700);
    expect((await aggregate(server, 1)).value).toBe(50);
    expect(await aggregate(server, 1)).toEqual({ cache: 'hit', value: 50 });
    // And again: each later commit is noticed too (the remembered data_version moves on).
    const before = server.cache.stats().invalidations;
    writeFromAnotherProcess(path, 1, 5);
    expect((await aggregate(server, 1)).value).toBe(55);
    expect(server.cache.stats().invalidations).toBeGreaterThan(before);
  });
});

describe('CrossProcessFreshness', () => {
  it('sees only other connections’ commits, publishes one external event per company, and reuses a check within maxLagMs', () => {
    tmp = tempDir('kira-xproc-');
    const path = tmp.path('kira.db');
    books(path);
    const mine = Store.open(path);
    const other = Store.open(path);
    try {
      const events: ChangeEvent[] = [];
      mine.changes.subscribe((e) => events.push(e));
      const exact = new CrossProcessFreshness(mine.db, mine.changes, { maxLagMs: 0 });
      const lazy = new CrossProcessFreshness(mine.db, mine.changes, { maxLagMs: 3_600_000 });
      // This connection's own commit does not move data_version (its own feed already told).
      mine.db.prepare("UPDATE companies SET name = 'Alpha 2' WHERE id = 1").run();
      expect(exact.check()).toBe(false);
      expect(lazy.check()).toBe(false); // the first check reads
      other.db.prepare("UPDATE companies SET name = 'Beta 2' WHERE id = 2").run();
      expect(lazy.check()).toBe(false); // within its hour: reuses the last answer
      expect(exact.check()).toBe(true);
      expect(events.map((e) => [e.companyId, e.source, e.tables.length])).toEqual([
        [1, 'external', 0],
        [2, 'external', 0],
      ]);
      expect(exact.check()).toBe(false);
    } finally {
      other.close();
      mine.close();
    }
  });
});
