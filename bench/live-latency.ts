/**
 * Write-to-event latency of the live stream, and the event rate during a 1,000,000-row bulk write.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/live-latency.js
 *
 * The server (store, hub, SSE plugin) runs in this process; the subscribers run in a child process, so their
 * parsing never shares the server's event loop. Latency = the subscriber's receive time − the time the write
 * started (both `performance.timeOrigin + now()`, one machine clock), over every delivery to every subscriber.
 * Writes are spaced wider than the coalescing window, so each one is a leading-edge update (the single-write
 * case the goal is about); the bulk phase shows what coalescing does to the event rate.
 */
import Fastify from 'fastify';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleLatency } from '../src-engine/core/bench/stats.js';
import { todayIn } from '../src-engine/core/dates.js';
import { createLiveHub } from '../src-engine/live/create-hub.js';
import { livePlugin } from '../src-engine/live/plugin.js';
import { toErrorReply } from '../src-engine/service/common/error-shape.js';
import { Security } from '../src-engine/service/http/security.js';
import { Store } from '../src-engine/store/store.js';

const clock = (): number => performance.timeOrigin + performance.now();
const PATH = '/api/dashboard/streaming/aggregate?company=1';

// ------------------------------------------------------------------------------------------- subscriber side

interface Delivery {
  value: number;
  at: number;
}

type ToChild = { cmd: 'report' };
type FromChild = { kind: 'ready' } | { kind: 'report'; deliveries: Delivery[]; events: number };

function subscriberMain(url: string, token: string, count: number): void {
  const deliveries: Delivery[] = [];
  let events = 0;
  let ready = 0;
  const VALUE = /"daily_expenses":\{"value":(-?\d+)/;
  for (let i = 0; i < count; i++) {
    const req = request(`${url}${PATH}`, { headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      res.setEncoding('utf8');
      let buf = '';
      let first = true;
      res.on('data', (chunk: string) => {
        const at = clock();
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (!block.includes('event: aggregate')) continue;
          events++;
          if (first) {
            first = false;
            if (++ready === count) process.send?.({ kind: 'ready' } satisfies FromChild);
            continue;
          }
          const m = VALUE.exec(block);
          if (m) deliveries.push({ value: Number(m[1]), at });
        }
      });
    });
    req.end();
  }
  process.on('message', (msg: ToChild) => {
    if (msg.cmd === 'report') process.send?.({ kind: 'report', deliveries, events } satisfies FromChild, () => process.exit(0));
  });
}

// ------------------------------------------------------------------------------------------- server side

function nextMessage(child: ChildProcess, kind: FromChild['kind']): Promise<FromChild> {
  return new Promise((resolve) => {
    const on = (m: FromChild) => {
      if (m.kind === kind) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
  });
}

interface LatencyResult {
  subscribers: number;
  writes: number;
  deliveries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kira-live-bench-'));
  const store = Store.open(join(dir, 'kira.db'));
  store.db.prepare("INSERT INTO companies (name, currency, time_zone, created_at) VALUES ('Bench', 'MYR', 'UTC', '2024-01-01')").run();
  const hub = createLiveHub(store);
  const security = new Security();
  const app = Fastify();
  // As in the service: a refused stream is answered by the app's error handler (kind → status).
  app.setErrorHandler((e, _req, reply) => {
    const out = toErrorReply(e);
    void reply.code(out.status).type('application/json; charset=utf-8').send(out.text);
  });
  await app.register(livePlugin, { store, security, hub, limits: { maxBufferedBytes: 8 * 1024 * 1024 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  security.setPort(addr.port);
  const url = `http://127.0.0.1:${addr.port}`;
  const date = todayIn('UTC');
  const insert = store.db.prepare("INSERT INTO expenses (company_id, date, category, amount) VALUES (1, ?, 'other', ?)");
  let total = 0;
  const write = (amount: number): void => {
    store.write(() => {
      insert.run(date, amount);
      return { result: undefined, change: { companyId: 1, tables: ['expenses'], dates: [date], source: 'write', rows: 1 } };
    });
    total += amount;
  };
  const spawn = async (count: number): Promise<ChildProcess> => {
    const child = fork(fileURLToPath(import.meta.url), ['subscriber', url, security.token, String(count)]);
    await nextMessage(child, 'ready');
    return child;
  };
  const report = async (child: ChildProcess) => {
    const done = nextMessage(child, 'report');
    child.send({ cmd: 'report' } satisfies ToChild);
    return (await done) as Extract<FromChild, { kind: 'report' }>;
  };

  const latency = async (subscribers: number, writes: number, gapMs: number): Promise<LatencyResult> => {
    const child = await spawn(subscribers);
    const startedAt = new Map<number, number>();
    for (let i = 0; i < writes; i++) {
      const at = clock();
      write(1);
      startedAt.set(total, at);
      await new Promise((r) => setTimeout(r, gapMs));
    }
    const r = await report(child);
    const lat = r.deliveries.flatMap((d) => {
      const s = startedAt.get(d.value);
      return s === undefined ? [] : [d.at - s];
    });
    const l = sampleLatency(lat);
    return { subscribers, writes, deliveries: lat.length, p50: l.p50, p95: l.p95, p99: l.p99, max: l.max };
  };

  const results = [await latency(100, 200, 100), await latency(1000, 100, 150)];

  // Bulk: 1,000,000 rows in 1,000 committed batches of 1,000, each published as the importer does.
  const bulkChild = await spawn(10);
  const insertMany = store.db.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run(date, 1);
  });
  const t0 = performance.now();
  for (let b = 0; b < 1_000; b++) {
    store.write(() => {
      insertMany(1_000);
      return { result: undefined, change: { companyId: 1, tables: ['expenses'], dates: [date], source: 'import', rows: 1_000 } };
    });
    total += 1_000;
    await new Promise((r) => setImmediate(r));
  }
  const bulkMs = performance.now() - t0;
  // Give the trailing update (one window) time to reach the subscribers; the report says if it did not.
  await new Promise((r) => setTimeout(r, 500));
  const bulk = await report(bulkChild);
  const perSubscriber = bulk.events / 10 - 1; // minus each one's initial snapshot
  const last = bulk.deliveries.reduce((m, d) => Math.max(m, d.value), 0);

  await app.close();
  hub.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });

  const lines = [
    'live write-to-event latency (SSE, subscribers in a child process; ms)',
    'subscribers  writes  deliveries     p50     p95     p99     max',
  ];
  for (const r of results) {
    lines.push(
      `${String(r.subscribers).padStart(11)}  ${String(r.writes).padStart(6)}  ${String(r.deliveries).padStart(10)}  ${[r.p50, r.p95, r.p99, r.max].map((v) => v.toFixed(2).padStart(6)).join('  ')}`,
    );
  }
  lines.push(`goal p95 <= 25 ms with 100 subscribers: ${results[0] && results[0].p95 <= 25 ? 'met' : 'NOT met'}`);
  lines.push(
    `bulk: 1,000,000 rows in 1,000 batches over ${(bulkMs / 1000).toFixed(2)} s -> ${perSubscriber} updates per subscriber ` +
      `(${(perSubscriber / (bulkMs / 1000)).toFixed(1)}/s; 1,000 changes published), final figure ${last === total ? 'delivered' : `NOT delivered (${last} of ${total})`}`,
  );
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[2] === 'subscriber') subscriberMain(process.argv[3] ?? '', process.argv[4] ?? '', Number(process.argv[5]));
else await main();
