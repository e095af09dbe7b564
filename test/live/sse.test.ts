import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { addExpense, aggregateOf, bodyOf, openSse, startLiveServer, type LiveServer } from './harness.js';

const PATH = '/api/dashboard/streaming/aggregate';
let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('SSE: connect and push', () => {
  it('sends retry and the current aggregate on connect, then the new figures after a write', async () => {
    server = await startLiveServer();
    addExpense(server.store, 1, 1_000);
    const c = await openSse(server, `${PATH}?company=1`);
    expect(c.res.statusCode).toBe(200);
    expect(c.res.headers['content-type']).toMatch(/^text\/event-stream/);
    const first = await c.waitFor((e) => e.event === 'aggregate', 'the first aggregate');
    expect(c.retry).toBeGreaterThan(0);
    expect(aggregateOf(first).metrics.daily_expenses.value).toBe(1_000);
    expect(aggregateOf(first).company.id).toBe(1);

    addExpense(server.store, 1, 2_345);
    const next = await c.aggregate((a) => a.metrics.daily_expenses.value === 3_345, 'expenses 3,345');
    expect(next.id).toBeGreaterThan(first.id ?? 0);
    expect(aggregateOf(next).metrics.daily_profit.value).toBe(-3_345);
    await c.close();
  });

  it('serves the trailing-slash path and defaults to the first company', async () => {
    server = await startLiveServer();
    const c = await openSse(server, `${PATH}/`);
    const first = await c.waitFor((e) => e.event === 'aggregate', 'an aggregate');
    expect(aggregateOf(first).company.id).toBe(1);
    await c.close();
  });

  it('answers HEAD with the stream headers and ends (no subscriber left open)', async () => {
    server = await startLiveServer();
    const res = await fetch(`${server.url}${PATH}`, { method: 'HEAD', headers: server.authHeaders() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(server.hub.subscriberCount()).toBe(0);
  });

  it('writes a heartbeat comment on its interval', async () => {
    server = await startLiveServer({ limits: { heartbeatMs: 20 } });
    const c = await openSse(server, `${PATH}?company=1`);
    // Await the comment itself: no assertion on when it came.
    await new Promise<void>((resolve) => c.res.on('data', () => c.comments.includes('heartbeat') && resolve()));
    expect(c.comments).toContain('heartbeat');
    await c.close();
  });
});

describe('SSE: refusals use the JSON error shape', () => {
  it('401 without a token, 403 for a foreign Host or Origin, 404 for an unknown company, 400 for a bad id', async () => {
    server = await startLiveServer();
    const cases: [Record<string, string>, string, number, string][] = [
      [{}, '?company=1', 401, 'unauthorized'],
      [{ ...server.authHeaders(), host: 'evil.example:80' }, '?company=1', 403, 'forbidden'],
      [{ ...server.authHeaders(), origin: 'http://evil.example' }, '?company=1', 403, 'forbidden'],
      [server.authHeaders(), '?company=999', 404, 'not_found'],
      [server.authHeaders(), '?company=abc', 400, 'invalid_parameter'],
    ];
    for (const [headers, query, status, code] of cases) {
      const c = await openSse(server, `${PATH}${query}`, headers);
      expect(c.res.statusCode, `${query} ${JSON.stringify(headers)}`).toBe(status);
      expect((JSON.parse(await bodyOf(c)) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(server.hub.subscriberCount()).toBe(0);
  });
});

describe('SSE: resumption with Last-Event-ID', () => {
  it('replays exactly the missed events in order', async () => {
    server = await startLiveServer();
    const watcher = await openSse(server, `${PATH}?company=1`);
    const c = await openSse(server, `${PATH}?company=1`);
    await c.waitFor((e) => e.event === 'aggregate', 'first aggregate');
    const seen = c.lastId ?? -1;
    await c.close();
    await server.subscribersReach('sse', 1);

    addExpense(server.store, 1, 100);
    await watcher.aggregate((a) => a.metrics.daily_expenses.value === 100, 'expenses 100');
    server.hub.publishProgress(1, 'import-progress', { kind: 'expenses', bytes: 0, rows: 5 });
    addExpense(server.store, 1, 200);
    await watcher.aggregate((a) => a.metrics.daily_expenses.value === 300, 'expenses 300');

    const resumed = await openSse(server, `${PATH}?company=1`, { ...server.authHeaders(), 'last-event-id': String(seen) });
    const last = await resumed.aggregate((a) => a.metrics.daily_expenses.value === 300, 'the replayed 300');
    const missed = watcher.events.filter((e) => (e.id ?? 0) > seen);
    expect(resumed.events.map((e) => [e.id, e.event])).toEqual(missed.map((e) => [e.id, e.event]));
    expect(resumed.events.map((e) => e.event)).toContain('import-progress');
    expect(last.id).toBe(watcher.lastId);
    await resumed.close();
    await watcher.close();
  });

  it('sends the current state when the missed events are no longer buffered', async () => {
    server = await startLiveServer({ hub: { replayCapacity: 2 } });
    const watcher = await openSse(server, `${PATH}?company=1`);
    await watcher.waitFor((e) => e.event === 'aggregate', 'first aggregate');
    for (let i = 1; i <= 5; i++) server.hub.publishProgress(1, 'import-progress', { kind: 'expenses', bytes: 0, rows: i });
    await watcher.waitFor((e) => e.event === 'import-progress' && (e.data as { rows: number }).rows === 5, 'progress 5');

    const resumed = await openSse(server, `${PATH}?company=1`, { ...server.authHeaders(), 'last-event-id': '1' });
    const first = await resumed.waitFor(() => true, 'any event');
    expect(first.event).toBe('aggregate');
    expect(first.id).toBe(5);
    await resumed.close();
    await watcher.close();
  });
});

describe('SSE: a slow consumer is dropped, the others keep receiving', () => {
  it('drops a socket that stops reading once its buffer passes the limit', async () => {
    server = await startLiveServer({ limits: { maxBufferedBytes: 256 * 1024, dropGraceMs: 50 } });
    const fast = await Promise.all([1, 2, 3].map(() => openSse(server!, `${PATH}?company=1`)));
    // A raw client that sends its request and then never reads again.
    const slow = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', resolve));
    slow.write(
      `GET ${PATH}?company=1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.security.token}\r\n\r\n`,
    );
    await new Promise<void>((resolve) => slow.once('data', () => resolve()));
    slow.pause();
    await server.subscribersReach('sse', 4);

    const dropped = server.nextDrop();
    const pad = 'x'.repeat(16 * 1024);
    // Bounded: 4,000 × 16 KiB = 64 MiB, far more than any socket buffer on loopback.
    for (let i = 0; i < 4_000 && server.drops.length === 0; i++) {
      // A large payload that fits the contract: a run event whose id carries the padding.
      server.hub.publishProgress(1, 'bench-progress', { kind: 'run', run_id: `${i}:${pad}`, status: 'finished', history_id: null });
      await new Promise((r) => setImmediate(r));
    }
    expect(await dropped).toEqual({ transport: 'sse', companyId: 1, reason: 'slow_consumer' });
    expect(server.drops).toHaveLength(1);
    expect(server.hub.subscriberCount('sse')).toBe(3);

    addExpense(server.store, 1, 777);
    for (const c of fast) await c.aggregate((a) => a.metrics.daily_expenses.value === 777, 'expenses 777 after the drop');
    slow.destroy();
    for (const c of fast) await c.close();
  });

  it('cleans up a subscriber when the client disconnects', async () => {
    server = await startLiveServer();
    const c = await openSse(server, `${PATH}?company=1`);
    await server.subscribersReach('sse', 1);
    await c.close();
    await server.subscribersReach('sse', 0);
    expect(server.hub.subscriberCount()).toBe(0);
  });
});
