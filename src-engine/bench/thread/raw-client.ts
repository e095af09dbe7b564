/**
 * The load path's HTTP/1.1 client for plain-http targets: one `node:net` keep-alive socket per virtual user,
 * the request's bytes built once, and a parser that reads only what a load test needs (status, then the body's
 * length from Content-Length or chunked framing). No per-request objects beyond the socket's own chunks, no
 * handler wrappers, no timers: this is what autocannon does, and with undici's dispatch the generator spent
 * enough CPU per request to slow the server it shares two cores with (bench/autocannon-vs-kira.ts).
 */
import { connect, type Socket } from 'node:net';
import { UndiciConnection, type Answer, type Done, type ErrorKind, type LoadConnection } from './http-client.js';
import { coarseNow, joinSweep, leaveSweep, type Sweepable } from './idle-sweep.js';
import type { WireRequest } from './jobs.js';

/** The connection for one virtual user: raw sockets for http:, undici (TLS) for https:. */
export function openConnection(baseUrl: string, req: WireRequest, timeoutMs: number): LoadConnection {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' ? new RawConnection(url, req, timeoutMs) : new UndiciConnection(baseUrl, req, timeoutMs);
}

const CR = 13;
const LF = 10;

const SP = 32;
const TAB = 9;

/** Whether buf[at, colon) is `name` (lower-case ASCII), compared case-insensitively byte by byte. */
function nameIs(buf: Buffer, at: number, colon: number, name: string): boolean {
  if (colon - at !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (((buf[at + k] ?? 0) | 0x20) !== name.charCodeAt(k)) return false;
  return true;
}

/** A header value `OWS digits OWS` in buf[from, to), as a number (Content-Length): no string is made. */
function decimalIn(buf: Buffer, from: number, to: number): number {
  let p = from;
  while (p < to && (buf[p] === SP || buf[p] === TAB)) p++;
  const first = p;
  let n = 0;
  for (let b = buf[p] ?? 0; p < to && b >= 0x30 && b <= 0x39; b = buf[++p] ?? 0) n = n * 10 + (b - 0x30);
  const digits = p - first;
  while (p < to && (buf[p] === SP || buf[p] === TAB)) p++;
  if (digits === 0 || digits > 15 || p !== to) throw new Error('bad content-length');
  return n;
}

/** Whether the comma-separated list in buf[from, to) holds `token` (lower-case ASCII), case-insensitively. */
function hasToken(buf: Buffer, from: number, to: number, token: string): boolean {
  let p = from;
  while (p < to) {
    while (p < to && (buf[p] === SP || buf[p] === TAB || buf[p] === 0x2c)) p++;
    const at = p;
    while (p < to && buf[p] !== 0x2c) p++;
    let stop = p;
    while (stop > at && (buf[stop - 1] === SP || buf[stop - 1] === TAB)) stop--;
    if (nameIs(buf, at, stop, token)) return true;
  }
  return false;
}
/**
 * Every raw connection of a generator thread reads into this one buffer (`onread`): the callback runs
 * synchronously for each read and the parser keeps nothing of it, so no Buffer is allocated per response and
 * the socket's Readable-stream machinery ('data' events) is skipped.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** Back-off between failed connection attempts: doubling from the first to the last, reset by a connection. */
const BACKOFF_FIRST_MS = 10;
const BACKOFF_MAX_MS = 500;
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED']);
const BAD_HEADER = /[\r\n\0]/;

/** The request as bytes: request line, Host, the caller's headers, Content-Length when there is a body. */
export function requestBytes(host: string, req: WireRequest): Buffer {
  let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
  const names = new Set<string>();
  for (const [name, value] of Object.entries(req.headers)) {
    if (BAD_HEADER.test(name) || BAD_HEADER.test(value) || name.includes(':'))
      throw new Error(`invalid request header ${JSON.stringify(name)}`);
    names.add(name.toLowerCase());
    head += `${name}: ${value}\r\n`;
  }
  if (!names.has('host')) head = head.replace('\r\n', `\r\nhost: ${host}\r\n`);
  const body = req.body === null ? null : Buffer.from(req.body, 'utf8');
  if (body && !names.has('content-length')) head += `content-length: ${body.length}\r\n`;
  else if (!body && req.method !== 'GET' && req.method !== 'HEAD' && !names.has('content-length')) head += 'content-length: 0\r\n';
  head += '\r\n';
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
}

/**
 * Response framing as a byte-level state machine. `feed` consumes a chunk and returns true when the response
 * is complete (leftover bytes, which a server may not send with one request in flight, are dropped).
 */
class ResponseParser {
  state = State.Head;
  status = 0;
  bytes = 0;
  close = false;
  private head: Buffer | null = null;
  private remaining = 0;
  private line = '';

  constructor(private readonly noBody: boolean) {}

  reset(): void {
    this.state = State.Head;
    this.status = 0;
    this.bytes = 0;
    this.close = false;
    this.head = null;
    this.remaining = 0;
    this.line = '';
  }

  /** Consumes `chunk[0, length)` (the read buffer is shared and reused: nothing of it is kept beyond the call). */
  feed(chunk: Buffer, length: number): boolean {
    let i = 0;
    while (i < length || this.state === State.Length || this.state === State.ChunkData) {
      switch (this.state) {
        case State.Head: {
          // The header block may straddle chunks: only then are they joined (and copied out of the read buffer).
          let buf = chunk;
          let from = i;
          let to = length;
          if (this.head) {
            buf = Buffer.concat([this.head, chunk.subarray(i, length)]);
            from = 0;
            to = buf.length;
          }
          const after = this.readHead(buf, from, to);
          if (after < 0) {
            if (to - from > 64 * 1024) throw new Error('response header block larger than 64 KiB');
            this.head = Buffer.from(buf.subarray(from, to));
            return false;
          }
          i += after - from - (this.head ? this.head.length : 0);
          this.head = null;
          if (this.status < 200 && this.status !== 101) continue; // 1xx: another head follows
          const next = this.state as State; // readHead moved it on
          if (next === State.Length && this.remaining === 0) return true;
          if (next === State.Head) return true; // no body
          break;
        }
        case State.Length: {
          const take = Math.min(this.remaining, length - i);
          this.remaining -= take;
          this.bytes += take;
          i += take;
          if (this.remaining === 0) return true;
          return false;
        }
        case State.ChunkSize: {
          i = this.takeLine(chunk, i, length);
          if (i < 0) return false;
          const size = parseInt(this.line, 16); // extensions after ';' and the trailing CR are ignored by parseInt
          this.line = '';
          if (!Number.isFinite(size) || size < 0) throw new Error('bad chunk size');
          if (size === 0) this.state = State.Trailers;
          else {
            this.remaining = size;
            this.state = State.ChunkData;
          }
          break;
        }
        case State.ChunkData: {
          if (i >= length) return false;
          const take = Math.min(this.remaining, length - i);
          this.remaining -= take;
          this.bytes += take;
          i += take;
          if (this.remaining === 0) {
            this.state = State.ChunkDataEnd;
            this.remaining = 2;
          }
          break;
        }
        case State.ChunkDataEnd: {
          const take = Math.min(this.remaining, length - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = State.ChunkSize;
          break;
        }
        case State.Trailers: {
          // Trailer lines until an empty one.
          i = this.takeLine(chunk, i, length);
          if (i < 0) return false;
          const empty = this.line === '' || this.line === '\r';
          this.line = '';
          if (empty) return true;
          break;
        }
        case State.UntilClose:
          this.bytes += length - i;
          return false;
      }
    }
    return false;
  }

  /**
   * Adds chunk[i, …) up to the next LF to `line` (a chunk-size or trailer line may straddle reads) and returns the
   * index past the LF, or -1 when the line goes on in the next read.
   */
  private takeLine(chunk: Buffer, i: number, length: number): number {
    const nl = chunk.indexOf(LF, i);
    if (nl < 0 || nl >= length) {
      this.line += chunk.toString('latin1', i, length);
      return -1;
    }
    this.line += chunk.toString('latin1', i, nl);
    return nl + 1;
  }

  /**
   * Reads a head in `buf[from, to)` in one pass and returns the index just past its blank line, or
   * -1 when the head is not all there yet (nothing is kept then: the caller joins the next chunk and reads again).
   * Only the lines that matter (Connection, Content-Length, Transfer-Encoding) are looked at, byte by byte: no
   * string or regular expression per response. Sets the state the body is read in; an interim (1xx) response
   * leaves it at Head.
   */
  private readHead(buf: Buffer, from: number, to: number): number {
    let lineStart = from;
    let status = 0;
    let http10 = false;
    let close = false;
    let chunked = false;
    let length = -1;
    // Line by line: indexOf (memchr) beat a byte loop over a typical head, about 110 against 190 ns.
    for (let p = buf.indexOf(LF, from); p >= 0 && p < to; p = buf.indexOf(LF, p + 1)) {
      const lineEnd = p > lineStart && buf[p - 1] === CR ? p - 1 : p;
      if (lineStart === from) {
        // "HTTP/1.1 200 OK": the code is always at 9..11.
        for (let k = 9; k < 12; k++) {
          const b = buf[from + k] ?? 0;
          if (b < 0x30 || b > 0x39 || from + k >= lineEnd) throw new Error('bad status line');
          status = status * 10 + (b - 0x30);
        }
        if (status < 100) throw new Error('bad status line');
        http10 = buf[from + 7] === 0x30; // "HTTP/1.0"
        close = http10;
      } else if (lineEnd === lineStart) {
        this.status = status;
        this.bodyState(status, close, chunked, length);
        return p + 1;
      } else {
        const first = (buf[lineStart] ?? 0) | 0x20; // lower-case ASCII letter
        if (first === 0x63 /* c */ || first === 0x74 /* t */) {
          let colon = lineStart;
          while (colon < lineEnd && buf[colon] !== 0x3a) colon++;
          if (colon < lineEnd) {
            if (nameIs(buf, lineStart, colon, 'content-length')) length = decimalIn(buf, colon + 1, lineEnd);
            else if (nameIs(buf, lineStart, colon, 'transfer-encoding')) chunked ||= hasToken(buf, colon + 1, lineEnd, 'chunked');
            else if (nameIs(buf, lineStart, colon, 'connection'))
              close = http10 ? !hasToken(buf, colon + 1, lineEnd, 'keep-alive') : hasToken(buf, colon + 1, lineEnd, 'close');
          }
        }
      }
      lineStart = p + 1;
    }
    return -1;
  }

  /** After a final head: how its body is framed. */
  private bodyState(status: number, close: boolean, chunked: boolean, length: number): void {
    this.close = close;
    if (status < 200 && status !== 101) this.state = State.Head;
    else if (this.noBody || status === 204 || status === 304) this.state = State.Head;
    else if (chunked) this.state = State.ChunkSize;
    else if (length >= 0) {
      this.remaining = length;
      this.state = State.Length;
    } else {
      this.state = State.UntilClose;
      this.close = true;
    }
  }
}

/** A keep-alive connection to `url` (http:) sending `req` again and again; reconnects when the server closes. */
export class RawConnection implements LoadConnection, Sweepable {
  private socket: Socket | null = null;
  private done: Done | null = null;
  private readonly bytes: Buffer;
  private readonly parser: ResponseParser;
  private readonly host: string;
  private readonly port: number;
  private closed = false;
  /** Failed attempts to connect (a refused port is retried with back-off, not in a tight loop). */
  connectFailures = 0;
  private backoffMs = 0;
  private waitingSince = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly reply: Answer = { status: 0, bytes: 0 };
  /** When bytes last moved for the request in flight, on the sweep's coarse clock (idle-sweep.ts). */
  private activeAt = 0;

  constructor(
    url: URL,
    req: WireRequest,
    private readonly timeoutMs: number,
  ) {
    this.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(url.port || 80);
    this.bytes = requestBytes(url.host, req);
    this.parser = new ResponseParser(req.method === 'HEAD');
    joinSweep(this);
  }

  send(done: Done): void {
    if (this.done) throw new Error('one request at a time per connection');
    this.done = done;
    this.parser.reset();
    if (this.closed) return this.fail('connection', true);
    const socket = this.socket ?? this.open();
    this.activeAt = coarseNow;
    socket.write(this.bytes);
  }

  /** Inactivity while a request is out (no bytes for timeoutMs, connecting included) is a timeout, as undici's headers/body timeouts. */
  sweep(now: number, slack: number): void {
    const socket = this.socket;
    if (!this.done || !socket || this.retryTimer || now - this.activeAt < this.timeoutMs + slack) return;
    this.drop(socket);
    this.fail('timeout', false);
  }

  private open(): Socket {
    const socket: Socket = connect({
      host: this.host,
      port: this.port,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: (n: number): boolean => this.onData(socket, n) },
    });
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      this.backoffMs = 0;
      this.waitingSince = 0;
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (this.socket === socket) {
        this.drop(socket);
        if (!this.done) return;
        if (!connected && !this.closed) this.retryConnect();
        else this.fail(TIMEOUT_CODES.has(e.code ?? '') ? 'timeout' : 'connection', false);
      }
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.done) return;
      // A body delimited by the connection's end is complete now; anything else was cut off.
      if (this.parser.state === State.UntilClose) this.answer();
      else this.fail('connection', false);
    });
    this.socket = socket;
    return socket;
  }

  private onData(socket: Socket, length: number): boolean {
    if (this.socket !== socket || !this.done) return true;
    this.activeAt = coarseNow;
    let complete: boolean;
    try {
      complete = this.parser.feed(READ_BUFFER, length);
    } catch {
      this.drop(socket);
      this.fail('connection', false);
      return true;
    }
    if (!complete) return true;
    if (this.parser.close) this.drop(socket);
    this.answer();
    return true;
  }

  /**
   * The connection was refused (or never made): try again after a back-off, within the request's timeout; the
   * request fails as a connection error only when that runs out. A stopped server then costs a few attempts a
   * second per user instead of thousands, and they are counted apart from requests.
   */
  private retryConnect(): void {
    this.connectFailures++;
    const now = performance.now();
    if (this.waitingSince === 0) this.waitingSince = now;
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs === 0 ? BACKOFF_FIRST_MS : this.backoffMs * 2);
    const left = this.timeoutMs - (now - this.waitingSince);
    // The request waits out its timeout while the port refuses, so failures come at most once per timeout per user.
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        if (!this.done) return;
        if (this.closed || performance.now() - this.waitingSince >= this.timeoutMs) {
          this.waitingSince = 0;
          return this.fail('connection', false);
        }
        this.activeAt = coarseNow;
        this.open().write(this.bytes);
      },
      Math.max(0, Math.min(this.backoffMs, left)),
    );
  }

  private answer(): void {
    const done = this.done;
    this.done = null;
    // One Answer per connection, refilled for each response: `done` reads it before it returns (load-loop.ts).
    this.reply.status = this.parser.status;
    this.reply.bytes = this.parser.bytes;
    done?.(null, this.reply);
  }

  private fail(kind: ErrorKind, deferred: boolean): void {
    const done = this.done;
    this.done = null;
    // Called from send() itself: answer on a later turn so a caller sending again from `done` does not recurse.
    if (deferred) setImmediate(() => done?.(kind, null));
    else done?.(kind, null);
  }

  private drop(socket: Socket): void {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
  }

  close(): Promise<void> {
    this.closed = true;
    leaveSweep(this);
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.fail('connection', false);
    }
    const socket = this.socket;
    this.socket = null;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }
}
