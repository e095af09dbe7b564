/** The load path's raw HTTP/1.1 client: response framing, keep-alive, reconnects and error kinds over real sockets. */
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, ErrorKind } from '../../src-engine/bench/thread/http-client.js';
import type { WireRequest } from '../../src-engine/bench/thread/jobs.js';
import { RawConnection, requestBytes } from '../../src-engine/bench/thread/raw-client.js';
import { listen, type TestServer } from './helpers/servers.js';

let server: TestServer;
let raw: TcpServer;
const seen: { method: string; url: string; host: string; body: string; connection: number }[] = [];
let sockets = 0;

beforeAll(async () => {
  server = await listen((req, res) => {
    const socketId = ((req.socket as unknown as { kiraId?: number }).kiraId ??= ++sockets);
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', body, connection: socketId });
      if (req.url === '/chunked') {
        res.writeHead(200);
        res.write('a'.repeat(5000));
        setTimeout(() => res.end('bbccc'), 5);
      } else if (req.url === '/204') res.writeHead(204).end();
      else if (req.url === '/304') res.writeHead(304, { etag: '"x"' }).end();
      else if (req.url === '/close') res.writeHead(200, { connection: 'close', 'content-length': 7 }).end('closing');
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200, { 'content-length': 4 }).end('late'), 500);
      else res.writeHead(201, { 'content-length': 3 }).end('abc');
    });
  });
  // A hand-written answer: 100 Continue, then chunked with an extension and a trailer, delimited by close.
  raw = createTcpServer((s) =>
    s.once('data', () => {
      s.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r');
      setTimeout(() => s.end('\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nX-T: 1\r\n\r\n'), 5);
    }),
  );
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => raw.close(() => resolve()));
});

const req = (path: string, method: WireRequest['method'] = 'GET', body: string | null = null): WireRequest => ({
  method,
  path,
  headers: { authorization: 'Bearer t' },
  body,
  expect_status: [200],
});
// The connection refills one Answer per response: copy it before the next send.
const once = (c: RawConnection) =>
  new Promise<[ErrorKind | null, Answer | null]>((resolve) => c.send((e, a) => resolve([e, a && { ...a }])));

async function three(path: string, method: WireRequest['method'] = 'GET', body: string | null = null, timeoutMs = 5000) {
  const c = new RawConnection(new URL(server.url), req(path, method, body), timeoutMs);
  try {
    return [await once(c), await once(c), await once(c)];
  } finally {
    await c.close();
  }
}

describe('raw load client', () => {
  it('builds the request once: request line, Host, headers, Content-Length for a body', () => {
    const text = requestBytes('127.0.0.1:9', req('/x?y=1', 'POST', '{"é":1}')).toString('utf8');
    expect(text).toBe('POST /x?y=1 HTTP/1.1\r\nhost: 127.0.0.1:9\r\nauthorization: Bearer t\r\ncontent-length: 8\r\n\r\n{"é":1}');
    expect(() => requestBytes('h', { ...req('/'), headers: { x: 'a\r\nb' } })).toThrow(/invalid request header/);
  });

  it('reads Content-Length bodies and keeps one connection alive', async () => {
    const before = seen.length;
    const out = await three('/');
    expect(out).toEqual(Array(3).fill([null, { status: 201, bytes: 3 }]));
    const mine = seen.slice(before);
    expect(new Set(mine.map((s) => s.connection)).size).toBe(1);
    expect(mine[0]?.host).toBe(new URL(server.url).host);
  });

  it('reads chunked bodies split across packets, counting body bytes only', async () => {
    expect(await three('/chunked')).toEqual(Array(3).fill([null, { status: 200, bytes: 5005 }]));
  });

  it('knows 204, 304 and HEAD answers have no body', async () => {
    expect(await three('/204')).toEqual(Array(3).fill([null, { status: 204, bytes: 0 }]));
    expect(await three('/304')).toEqual(Array(3).fill([null, { status: 304, bytes: 0 }]));
    expect(await three('/', 'HEAD')).toEqual(Array(3).fill([null, { status: 201, bytes: 0 }]));
  });

  it('sends a body and reconnects after Connection: close', async () => {
    const before = seen.length;
    expect(await three('/', 'POST', '{"a":1}')).toEqual(Array(3).fill([null, { status: 201, bytes: 3 }]));
    expect(seen.slice(before).map((s) => s.body)).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
    const closing = seen.length;
    expect(await three('/close')).toEqual(Array(3).fill([null, { status: 200, bytes: 7 }]));
    expect(new Set(seen.slice(closing).map((s) => s.connection)).size).toBe(3);
  });

  it('skips a 100 Continue, reads chunk extensions and trailers, and a close-delimited stream', async () => {
    const c = new RawConnection(new URL(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`), req('/'), 5000);
    expect(await once(c)).toEqual([null, { status: 200, bytes: 9 }]);
    await c.close();
  });

  it('reads a header block split across packets, with header names in any case', async () => {
    const split = createTcpServer((s) =>
      s.on('data', () => {
        s.write('HTTP/1.1 200 OK\r\nX-A: 1\r\nCONTENT-le');
        setTimeout(() => s.write('ngth: 5\r\n\r\nhel'), 5);
        setTimeout(() => s.write('lo'), 10);
      }),
    );
    await new Promise<void>((resolve) => split.listen(0, '127.0.0.1', resolve));
    const c = new RawConnection(new URL(`http://127.0.0.1:${(split.address() as AddressInfo).port}`), req('/'), 5000);
    try {
      expect(await once(c)).toEqual([null, { status: 200, bytes: 5 }]);
      expect(await once(c)).toEqual([null, { status: 200, bytes: 5 }]);
    } finally {
      await c.close();
      await new Promise<void>((resolve) => split.close(() => resolve()));
    }
  });

  it('reads framing and Connection as token lists: HTTP/1.0 keep-alive, a close among others, spaces around a length', async () => {
    const answers = [
      'HTTP/1.0 200 OK\r\nContent-Length:  4 \r\nConnection: Keep-Alive\r\n\r\nabcd',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\nconnection: keep-alive, CLOSE\r\n\r\n3\r\nxyz\r\n0\r\n\r\n',
      'HTTP/1.0 203 OK\r\nContent-Length: 2\r\n\r\nok',
      'HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n',
    ];
    let served = 0;
    let conns = 0;
    const scripted = createTcpServer((s) => {
      conns++;
      s.on('data', () => s.write(answers[served++] ?? ''));
    });
    await new Promise<void>((resolve) => scripted.listen(0, '127.0.0.1', resolve));
    const c = new RawConnection(new URL(`http://127.0.0.1:${(scripted.address() as AddressInfo).port}`), req('/'), 5000);
    try {
      expect(await once(c)).toEqual([null, { status: 200, bytes: 4 }]);
      expect(await once(c)).toEqual([null, { status: 200, bytes: 3 }]);
      expect(conns).toBe(1); // HTTP/1.0 with keep-alive kept the socket
      expect(await once(c)).toEqual([null, { status: 203, bytes: 2 }]);
      expect(conns).toBe(2); // "keep-alive, CLOSE" closed it
      expect(await once(c)).toEqual(['connection', null]); // a Content-Length that is not a number
      expect(conns).toBe(3); // HTTP/1.0 without keep-alive closed it too
    } finally {
      await c.close();
      await new Promise<void>((resolve) => scripted.close(() => resolve()));
    }
  });

  it('reports a silent server as a timeout and a refused connection as a connection error', async () => {
    const [first] = await three('/slow', 'GET', null, 150);
    expect(first).toEqual(['timeout', null]);
    const dead = await listen(() => {});
    const url = dead.url;
    await dead.close();
    const c = new RawConnection(new URL(url), req('/'), 1000);
    expect(await once(c)).toEqual(['connection', null]);
    expect(await once(c)).toEqual(['connection', null]);
    await c.close();
  });
});
