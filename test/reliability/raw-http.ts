/** A raw HTTP/1.1 exchange over a socket: exactly the bytes given go out, the answer is parsed by hand. */
import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when the server sent nothing before closing (or before the time limit). */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The stream was cut by us (an event stream, or the time limit). */
  cut: boolean;
}

function parse(buf: Buffer, cut: boolean): RawAnswer {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: buf, cut };
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = buf.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const nl = body.indexOf('\r\n', at);
      if (nl < 0) break;
      const size = parseInt(body.subarray(at, nl).toString('latin1'), 16);
      if (!size) break;
      parts.push(body.subarray(nl + 2, nl + 2 + size));
      at = nl + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status, headers, body, cut };
}

export function rawExchange(
  port: number,
  raw: Buffer,
  opts: { slow?: { chunk: number; pauseMs: number }; incomplete?: boolean; timeoutMs?: number; slowBudgetMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (cut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks), cut));
    };
    const timer = setTimeout(() => finish(true), opts.timeoutMs ?? 15_000);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const head = Buffer.concat(chunks);
      // An event stream never ends by itself: its first bytes are the answer.
      if (head.indexOf('\r\n\r\n') > 0 && /content-type: text\/event-stream/i.test(head.toString('latin1'))) finish(true);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    const send = async () => {
      if (opts.slow) {
        const started = Date.now();
        for (let at = 0; at < raw.length && !done; at += opts.slow.chunk) {
          if (Date.now() - started > (opts.slowBudgetMs ?? 1_500)) {
            socket.write(raw.subarray(at));
            break;
          }
          socket.write(raw.subarray(at, at + opts.slow.chunk));
          await new Promise((r) => setTimeout(r, opts.slow!.pauseMs));
        }
      } else socket.write(raw);
      if (opts.incomplete) {
        // Half-close: the server sees the end of a request that promised more; any answer must still be well formed.
        socket.end();
        setTimeout(() => finish(true), 2_000);
      }
    };
    // Nothing in send rejects: a failed write surfaces as the socket's 'error' event, handled above.
    socket.on('connect', () => void send());
  });
}
