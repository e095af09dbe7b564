/** Plain node:http servers for the benchmark tests (the "any HTTP API" target). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers at once, except that the K-th request on each path freezes the whole server for `stallMs`: every
 * response due in that window (including requests that arrive during it) is held until the window ends.
 */
export function stallingHandler(k: number, stallMs: number) {
  const counts = new Map<string, number>();
  let stalledUntil = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    const n = (counts.get(req.url ?? '') ?? 0) + 1;
    counts.set(req.url ?? '', n);
    if (n === k) stalledUntil = Date.now() + stallMs;
    const answer = () => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 }).end('ok');
    const wait = stalledUntil - Date.now();
    if (wait > 0) setTimeout(answer, wait);
    else answer();
  };
}

/** `listen`, with each request's body read first (scripted steps and writes send JSON). */
export function listenWithBody(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  return listen((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => handler(req, res, body));
  });
}

/** A login step's target: `{"user":"ana"}` in, `{"token":"t-ana"}` out; returns the user. */
export function answerLogin(body: string, res: ServerResponse): string {
  const user = (JSON.parse(body) as { user: string }).user;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `t-${user}` }));
  return user;
}

/** Server-sent event streams a push scenario subscribes to: `open` answers a subscriber, `send` writes to all. */
export function eventStreams() {
  const open = new Set<ServerResponse>();
  return {
    open(res: ServerResponse): void {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n');
      open.add(res);
      // The response's close (the request's fires once its empty body has been read).
      res.on('close', () => open.delete(res));
    },
    send(event: string, data: string): void {
      for (const s of open) s.write(`event: ${event}\ndata: ${data}\n\n`);
    },
    end(): void {
      for (const s of open) s.end();
    },
  };
}
