import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { RealtimeResult } from '../../src-engine/core/views/types.js';
import { addExpense, openWs, startLiveServer, type LiveServer } from './harness.js';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const company = (m: { data?: unknown }) => (m.data as RealtimeResult).company.id;

describe('WebSocket: the live stream', () => {
  it('subscribes on connect, then pushes the new figures after a write', async () => {
    server = await startLiveServer();
    const c = await openWs(server, '?company=2');
    expect((await c.waitFor((m) => m.type === 'subscribed', 'subscribed')).company).toBe(2);
    const first = await c.waitFor((m) => m.type === 'aggregate', 'first aggregate');
    expect(company(first)).toBe(2);
    addExpense(server.store, 2, 4_200);
    const next = await c.aggregate((a) => a.metrics.daily_expenses.value === 4_200, 'expenses 4,200');
    expect(next.id).toBeGreaterThan(first.id ?? 0);
    c.ws.close(1000);
    expect((await c.closed).code).toBe(1000);
    await server.subscribersReach('ws', 0);
  });
});

describe('WebSocket: client messages', () => {
  it('answers ping, request_update and subscribe; reports bad messages without closing', async () => {
    server = await startLiveServer();
    const c = await openWs(server, '?company=1');
    await c.waitFor((m) => m.type === 'aggregate', 'first aggregate');

    expect((await c.request({ type: 'ping' }, 'pong')).type).toBe('pong');
    expect(company(await c.request({ type: 'request_update' }, 'aggregate'))).toBe(1);

    expect((await c.request({ type: 'subscribe', company: 2 }, 'subscribed')).company).toBe(2);
    expect(company(await c.waitFor((m) => m.type === 'aggregate' && company(m) === 2, 'company 2 aggregate'))).toBe(2);

    const errors: [unknown, string][] = [
      [{ type: 'subscribe', company: 999 }, 'not_found'],
      [{ type: 'subscribe', company: 'abc' }, 'invalid_parameter'],
      [{ type: 'subscribe' }, 'invalid_parameter'],
      [{ type: 'dance' }, 'unknown_message'],
      ['not json', 'malformed_message'],
      ['[1,2]', 'malformed_message'],
    ];
    for (const [msg, code] of errors) expect((await c.request(msg, 'error')).error?.code, JSON.stringify(msg)).toBe(code);

    // Still open and still on company 2: a write there arrives, one on company 1 does not.
    const from = c.messages.length;
    addExpense(server.store, 1, 11);
    addExpense(server.store, 2, 22);
    await c.aggregate((a) => a.metrics.daily_expenses.value === 22, 'company 2 expenses 22');
    expect(
      c.messages
        .slice(from)
        .filter((m) => m.type === 'aggregate')
        .map(company),
    ).toEqual([2]);
    c.ws.close(1000);
    await c.closed;
  });

  it('closes with 1009 when a message is too big', async () => {
    server = await startLiveServer({ limits: { maxMessageBytes: 1024 } });
    const c = await openWs(server, '?company=1');
    c.ws.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(2048) }));
    expect((await c.closed).code).toBe(1009);
  });
});

describe('WebSocket: security', () => {
  it('closes with 1008 without a token and refuses a foreign Origin or Host before upgrading', async () => {
    server = await startLiveServer();
    const anon = await openWs(server, '?company=1', {});
    expect(await anon.closed).toEqual({ code: 1008, reason: 'unauthorized' });
    expect(anon.messages[0]?.error?.code).toBe('unauthorized');

    await expect(openWs(server, '?company=1', { ...server.authHeaders(), origin: 'http://evil.example' })).rejects.toThrow('403');
    await expect(openWs(server, '?company=1', { ...server.authHeaders(), host: 'evil.example' })).rejects.toThrow('403');

    const unknown = await openWs(server, '?company=999');
    expect((await unknown.closed).code).toBe(1008);
    expect(unknown.messages[0]?.error?.code).toBe('not_found');
    expect(server.hub.subscriberCount('ws')).toBe(0);
  });

  it('refuses a cookie and a token in the URL: only the Authorization header authenticates', async () => {
    server = await startLiveServer();
    for (const [query, headers] of [
      ['?company=1', { cookie: `kira_session=${server.security.token}` }],
      [`?company=1&token=${server.security.token}`, {}],
    ] as const) {
      const c = await openWs(server, query, headers);
      expect(await c.closed).toEqual({ code: 1008, reason: 'unauthorized' });
      expect(c.messages.some((m) => m.type === 'aggregate' || m.type === 'subscribed')).toBe(false);
    }
  });
});

describe('WebSocket: a slow consumer is dropped', () => {
  it('drops a connection that stops reading, while another keeps receiving', async () => {
    server = await startLiveServer({ limits: { maxBufferedBytes: 256 * 1024, dropGraceMs: 50 } });
    const fast = await openWs(server, '?company=1');
    // A hand-made upgrade on a raw socket that never reads after the handshake.
    const key = randomBytes(16).toString('base64');
    const slow = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', resolve));
    slow.write(
      `GET /api/dashboard/ws?company=1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${server.security.token}\r\n\r\n`,
    );
    await new Promise<void>((resolve) => slow.once('data', () => resolve()));
    slow.pause();
    await server.subscribersReach('ws', 2);

    const dropped = server.nextDrop();
    const pad = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 4_000 && server.drops.length === 0; i++) {
      // A large payload that fits the contract: a run event whose id carries the padding.
      server.hub.publishProgress(1, 'bench-progress', { kind: 'run', run_id: `${i}:${pad}`, status: 'finished', history_id: null });
      await new Promise((r) => setImmediate(r));
    }
    expect(await dropped).toEqual({ transport: 'ws', companyId: 1, reason: 'slow_consumer' });
    expect(server.hub.subscriberCount('ws')).toBe(1);
    addExpense(server.store, 1, 99);
    await fast.aggregate((a) => a.metrics.daily_expenses.value === 99, 'expenses 99 after the drop');
    expect(fast.ws.readyState).toBe(WebSocket.OPEN);
    slow.destroy();
    fast.ws.close(1000);
    await fast.closed;
  });
});
