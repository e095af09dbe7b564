/**
 * A real live server for the tests: a SQLite file in a temp dir, the service's real `Security`, fastify on
 * 127.0.0.1:0 with the live plugin, and real clients (raw node:http for SSE, `ws` for WebSocket). Waiting is
 * always on an event; the only timeout is a failure guard with a message, never an assertion.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { request, type IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { todayIn } from '../../src-engine/core/dates.js';
import { toErrorReply } from '../../src-engine/service/common/error-shape.js';
import type { RealtimeResult } from '../../src-engine/core/views/types.js';
import { createLiveHub, type KiraLiveHub } from '../../src-engine/live/create-hub.js';
import type { LiveHubOptions, SubscriberTransport } from '../../src-engine/live/hub.js';
import type { DropInfo, StreamLimits } from '../../src-engine/live/limits.js';
import { livePlugin } from '../../src-engine/live/plugin.js';
import { Security } from '../../src-engine/service/http/security.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';

const GUARD_MS = 15_000;

/** Resolve when `pred` holds for a value pushed through `notify`; reject after a guard delay with `what`. */
class Waiters<T> {
  private readonly pending = new Set<{ pred: (v: T) => boolean; resolve: (v: T) => void }>();
  notify(v: T): void {
    for (const w of [...this.pending])
      if (w.pred(v)) {
        this.pending.delete(w);
        w.resolve(v);
      }
  }
  wait(pred: (v: T) => boolean, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const w = { pred, resolve: (v: T) => (clearTimeout(t), resolve(v)) };
      const t = setTimeout(() => (this.pending.delete(w), reject(new Error(`timed out waiting for ${what}`))), GUARD_MS);
      this.pending.add(w);
    });
  }
}

export interface LiveServer {
  url: string;
  port: number;
  store: Store;
  hub: KiraLiveHub;
  security: Security;
  app: FastifyInstance;
  drops: DropInfo[];
  /** Resolves once the transport's subscriber count equals n (now or later). */
  subscribersReach(transport: SubscriberTransport, n: number): Promise<void>;
  nextDrop(): Promise<DropInfo>;
  authHeaders(): Record<string, string>;
  close(): Promise<void>;
}

export async function startLiveServer(
  opts: { hub?: Omit<LiveHubOptions<RealtimeResult>, 'feed' | 'source'>; limits?: Partial<StreamLimits>; companies?: number } = {},
): Promise<LiveServer> {
  const tmp = tempDir('kira-live-');
  const store = Store.open(tmp.path('kira.db'));
  for (let i = 1; i <= (opts.companies ?? 2); i++) {
    store.db
      .prepare("INSERT INTO companies (name, currency, time_zone, created_at) VALUES (?, 'MYR', 'UTC', '2024-01-01')")
      .run(`Company ${i}`);
  }
  const counts = new Waiters<{ transport: SubscriberTransport; count: number }>();
  const current: Record<SubscriberTransport, number> = { sse: 0, ws: 0, ipc: 0 };
  const hub = createLiveHub(store, {
    ...opts.hub,
    onSubscribersChanged: (count, transport) => {
      current[transport] = count;
      counts.notify({ transport, count });
    },
  });
  const drops: DropInfo[] = [];
  const dropWaiters = new Waiters<DropInfo>();
  const security = new Security();
  const app = Fastify();
  app.setErrorHandler((e, _req, reply) => {
    const out = toErrorReply(e);
    return reply.code(out.status).type('application/json; charset=utf-8').send(out.text);
  });
  await app.register(livePlugin, {
    store,
    security,
    hub,
    limits: { heartbeatMs: 60_000, ...opts.limits },
    onDrop: (d) => {
      drops.push(d);
      dropWaiters.notify(d);
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  security.setPort(address.port);
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    store,
    hub,
    security,
    app,
    drops,
    subscribersReach: (transport, n) =>
      current[transport] === n
        ? Promise.resolve()
        : counts.wait((c) => c.transport === transport && c.count === n, `${n} ${transport} subscribers`).then(() => {}),
    nextDrop: () => dropWaiters.wait(() => true, 'a dropped subscriber'),
    authHeaders: () => ({ authorization: `Bearer ${security.token}` }),
    close: async () => {
      await app.close();
      hub.close();
      store.close();
      tmp.cleanup();
    },
  };
}

// ---------------------------------------------------------------------------------------------------- data

export const today = (): string => todayIn('UTC');

/** An expense dated today, committed and published like the write API does. */
export function addExpense(store: Store, companyId: number, amount: number): void {
  const date = today();
  store.write(() => {
    store.db
      .prepare("INSERT INTO expenses (company_id, date, category, description, amount, reimbursable) VALUES (?, ?, 'travel', '', ?, 0)")
      .run(companyId, date, amount);
    return { result: undefined, change: { companyId, tables: ['expenses'], dates: [date], source: 'write', rows: 1 } };
  });
}

export function addClient(store: Store, companyId: number, createdDate = '2020-01-01'): number {
  return store.write(() => {
    const id = Number(
      store.db.prepare('INSERT INTO clients (company_id, name, created_date) VALUES (?, ?, ?)').run(companyId, 'Client', createdDate)
        .lastInsertRowid,
    );
    return { result: id, change: { companyId, tables: ['clients'], dates: [createdDate], source: 'write', rows: 1 } };
  });
}

let invoiceNo = 0;
/** A sent invoice issued today (counts as revenue on the accrual basis). */
export function addInvoice(store: Store, companyId: number, clientId: number, total: number): void {
  const date = today();
  store.write(() => {
    store.db
      .prepare(
        `INSERT INTO invoices (company_id, number, client_id, status, issue_date, due_date, subtotal, tax, total)
         VALUES (?, ?, ?, 'sent', ?, ?, ?, 0, ?)`,
      )
      .run(companyId, `INV-T-${++invoiceNo}`, clientId, date, date, total, total);
    return { result: undefined, change: { companyId, tables: ['invoices'], dates: [date], source: 'write', rows: 1 } };
  });
}

// ---------------------------------------------------------------------------------------------------- SSE

export interface SseEvent {
  id: number | undefined;
  event: string;
  data: unknown;
}

export const aggregateOf = (e: { data: unknown }): RealtimeResult => e.data as RealtimeResult;

export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  private buf = '';
  /** Everything received, for error bodies. */
  raw = '';
  private readonly waiters = new Waiters<SseEvent>();
  private readonly ended: Promise<void>;

  constructor(readonly res: IncomingMessage) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.raw += chunk;
      this.feed(chunk);
    });
    this.ended = new Promise((resolve) => res.on('close', () => resolve()));
  }

  private feed(chunk: string): void {
    this.buf += chunk;
    let end: number;
    while ((end = this.buf.indexOf('\n\n')) >= 0) {
      const block = this.buf.slice(0, end);
      this.buf = this.buf.slice(end + 2);
      let id: number | undefined;
      let event = 'message';
      let data: string | undefined;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) id = Number(line.slice(4));
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data = line.slice(6);
        else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
      }
      if (data !== undefined) {
        const e = { id, event, data: JSON.parse(data) as unknown };
        this.events.push(e);
        this.waiters.notify(e);
      }
    }
  }

  /** The first event (already received or future) from index `from` that matches. */
  waitFor(pred: (e: SseEvent) => boolean, what: string, from = 0): Promise<SseEvent> {
    const hit = this.events.slice(from).find(pred);
    return hit ? Promise.resolve(hit) : this.waiters.wait(pred, what);
  }

  /** An aggregate whose figures satisfy `pred`. */
  aggregate(pred: (a: RealtimeResult) => boolean, what: string): Promise<SseEvent> {
    return this.waitFor((e) => e.event === 'aggregate' && pred(aggregateOf(e)), what);
  }

  get lastId(): number | undefined {
    return this.events.at(-1)?.id;
  }

  close(): Promise<void> {
    this.res.destroy();
    return this.ended;
  }
}

/** GET the stream; resolves with the client once headers arrive (status and headers on `res`). */
export function openSse(server: LiveServer, path: string, headers: Record<string, string> = server.authHeaders()): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers, agent: false }, (res) => resolve(new SseClient(res)));
    req.on('error', reject);
    req.end();
  });
}

/** The whole (error) response body, once the server has ended it. */
export async function bodyOf(c: SseClient): Promise<string> {
  if (!c.res.complete) await new Promise((resolve) => c.res.once('end', resolve));
  return c.raw;
}

// ---------------------------------------------------------------------------------------------------- WS

export interface WsMessage {
  type: string;
  id?: number;
  company?: number;
  data?: unknown;
  error?: { code: string; message: string };
}

export class WsClient {
  readonly messages: WsMessage[] = [];
  private readonly waiters = new Waiters<WsMessage>();
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString('utf8')) as WsMessage;
      this.messages.push(m);
      this.waiters.notify(m);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  waitFor(pred: (m: WsMessage) => boolean, what: string, from = 0): Promise<WsMessage> {
    const hit = this.messages.slice(from).find(pred);
    return hit ? Promise.resolve(hit) : this.waiters.wait(pred, what);
  }

  /** Send and wait for the next message of `type` that arrives after this send. */
  request(msg: unknown, type: string): Promise<WsMessage> {
    const from = this.messages.length;
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
    return this.waitFor((m) => m.type === type, `a ${type} message`, from);
  }

  aggregate(pred: (a: RealtimeResult) => boolean, what: string): Promise<WsMessage> {
    return this.waitFor((m) => m.type === 'aggregate' && pred(m.data as RealtimeResult), what);
  }
}

export function openWs(server: LiveServer, query = '', headers: Record<string, string> = server.authHeaders()): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/dashboard/ws${query}`, { headers });
    const client = new WsClient(ws);
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
