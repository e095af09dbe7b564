/**
 * The engine's injected clock reaches the live hub: an engine started on a fixed day in 2031 pushes the live
 * aggregate for that same "today" as the polled view answers, over `kira serve`'s SSE stream and the desktop
 * app's hub alike, and a write dated that day moves the pushed figures.
 */
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../src-engine/core/dates.js';
import { ensureDemoDatabase } from '../../src-engine/data/index.js';
import type { RealtimeResult } from '../../src-engine/core/views/types.js';
import { startServer } from '../../src-engine/service/root/server.js';
import { startDesktopEngine } from '../../src-main/engine.js';
import { tempDir } from '../helpers/tmp.js';

/** Far from the real date, so an engine reading the real clock anywhere answers another day. */
const FIXED = new Date('2031-07-15T10:00:00Z');
const tmp = tempDir('kira-clock-');
afterAll(() => tmp.cleanup());

function books(name: string): { dbPath: string; company: number; today: string } {
  const dbPath = tmp.path(name);
  ensureDemoDatabase(dbPath, { companies: 1, expenses: 50, invoices: 10, seed: 5 });
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const c = db.prepare('SELECT id, time_zone FROM companies ORDER BY id LIMIT 1').get() as { id: number; time_zone: string };
    return { dbPath, company: c.id, today: todayIn(c.time_zone, FIXED) };
  } finally {
    db.close();
  }
}

/** The data of the first SSE event (the aggregate a new subscriber starts from), then the stream is dropped. */
async function firstStreamed(url: string, token: string): Promise<RealtimeResult> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  if (!res.body) throw new Error('no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`the stream ended without an aggregate: ${text}`);
    text += decoder.decode(value, { stream: true });
    const block = text.split('\n\n').find((b) => /^event: aggregate$/m.test(b) && /^data: /m.test(b));
    const data = block ? /^data: (.*)$/m.exec(block)?.[1] : undefined;
    if (data) {
      await reader.cancel();
      return JSON.parse(data) as RealtimeResult;
    }
  }
}

describe("the engine's clock in the live hub", () => {
  it('kira serve: the streamed aggregate and the polled view are for the same fixed today', async () => {
    const { dbPath, company, today } = books('serve.db');
    expect(today).not.toBe(todayIn('UTC'));
    const server = await startServer({ dbPath, workers: 0, warm: false, rendererDir: null, now: () => FIXED });
    try {
      const polled = await fetch(`${server.url}/api/dashboard/realtime/aggregate?company=${company}`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      expect(((await polled.json()) as RealtimeResult).today).toBe(today);
      const streamed = await firstStreamed(`${server.url}/api/dashboard/streaming/aggregate?company=${company}`, server.token);
      expect(streamed.today).toBe(today);
    } finally {
      await server.close();
    }
  });

  it('desktop app: the hub pushes the fixed day, and a write dated that day moves its figures', async () => {
    const { dbPath, company, today } = books('desktop.db');
    const engine = startDesktopEngine({ dbPath, demo: false, workers: 1, backups: false, log: () => {}, now: () => FIXED });
    try {
      const start = engine.hub.snapshot(company).data;
      expect(start.today).toBe(today);
      expect(start.metrics.daily_expenses.value).toBe(0);
      const pushed = new Promise<RealtimeResult>((resolve) => {
        engine.hub.subscribe(company, (e) => {
          if (e.name === 'aggregate') resolve(e.data as RealtimeResult);
        });
      });
      const created = await engine.invoke('expenses.create', {
        company,
        body: { date: today, category: 'travel', description: 'taxi', amount: 4_321 },
      });
      expect(created.status).toBe(201);
      const after = await pushed;
      expect(after.today).toBe(today);
      expect(after.metrics.daily_expenses.value).toBe(4_321);
      const polled = await engine.invoke('dashboard.realtimeAggregate', { company });
      expect(polled.body).toEqual(after);
    } finally {
      await engine.close();
    }
  });
});
