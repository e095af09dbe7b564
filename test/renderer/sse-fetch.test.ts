/**
 * The renderer's live stream over fetch (Authorization header, no cookie): the event-stream parser, resumption
 * with Last-Event-ID after the server ends the stream, a final stop on a refusal, and a real live server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openFetchSse, SseParser, type SseMessage } from '../../src-renderer/src/client/sse-fetch.js';
import { addExpense, startLiveServer, type LiveServer } from '../live/harness.js';

describe('SseParser', () => {
  it('follows the event-stream rules: fields, multi-line data, comments, ids, retry, any line ending, split chunks', () => {
    const p = new SseParser();
    const text =
      'retry: 1500\r\n: heartbeat\n\nid: 7\nevent: aggregate\ndata: {"a":\ndata: 1}\n\ndata:plain\r\rid: 8\nevent: alert\ndata: x\n\n';
    const got: SseMessage[] = [];
    for (const ch of text) got.push(...p.push(ch)); // one character at a time: every split point
    expect(got).toEqual([
      { event: 'aggregate', data: '{"a":\n1}', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
      { event: 'alert', data: 'x', id: '8' },
    ]);
    expect(p.retryMs).toBe(1500);
    expect(p.lastEventId).toBe('8');
  });
});

let server: http.Server | undefined;
let live: LiveServer | undefined;
afterEach(async () => {
  server?.close();
  server = undefined;
  await live?.close();
  live = undefined;
});

const listen = async (handler: http.RequestListener): Promise<string> => {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
};

describe('openFetchSse', () => {
  it('sends the bearer header, and reconnects after the stream ends with Last-Event-ID', async () => {
    const seen: { auth?: string; last?: string }[] = [];
    const url = await listen((req, res) => {
      seen.push({ auth: req.headers.authorization, last: req.headers['last-event-id'] as string | undefined });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`retry: 5\nid: ${seen.length * 10}\nevent: aggregate\ndata: {"n":${seen.length}}\n\n`);
    });
    const messages: SseMessage[] = [];
    await new Promise<void>((resolve) => {
      const stop = openFetchSse({
        url,
        headers: { Authorization: 'Bearer t0k3n' },
        onOpen: () => {},
        onError: () => {},
        onMessage: (m) => {
          messages.push(m);
          if (messages.length === 3) {
            stop();
            resolve();
          }
        },
      });
    });
    expect(messages.map((m) => m.data)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(seen.slice(0, 3)).toEqual([
      { auth: 'Bearer t0k3n', last: undefined },
      { auth: 'Bearer t0k3n', last: '10' },
      { auth: 'Bearer t0k3n', last: '20' },
    ]);
  });

  it('stops for good on a refusal (401), as EventSource does', async () => {
    let requests = 0;
    const url = await listen((_req, res) => {
      requests++;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"unauthorized","message":"no","details":{}}}');
    });
    const final = await new Promise<boolean>((resolve) => {
      openFetchSse({ url, headers: {}, retryMs: 1, onOpen: () => {}, onMessage: () => {}, onError: (f) => resolve(f) });
    });
    expect(final).toBe(true);
    // A retry would have come after 1 ms; a second request would show in the count by the next round trip.
    await fetch(url).then((r) => r.text());
    expect(requests).toBe(2); // the stream's one request and this check's own
  });

  it('receives the real service stream with the header and sees a write arrive', async () => {
    live = await startLiveServer();
    const server = live;
    const events: { event: string; data: string }[] = [];
    await new Promise<void>((resolve) => {
      const stop = openFetchSse({
        url: `${server.url}/api/dashboard/streaming/aggregate?company=1`,
        headers: server.authHeaders(),
        onOpen: () => {},
        onError: () => {},
        onMessage: (m) => {
          events.push(m);
          if (events.length === 1) addExpense(server.store, 1, 4_200);
          if (m.event === 'aggregate' && m.data.includes('4200')) {
            stop();
            resolve();
          }
        },
      });
    });
    expect(events[0]?.event).toBe('aggregate');
  });
});
