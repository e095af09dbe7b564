/**
 * The load loop itself uses raw-client.ts for plain-http targets; undici serves https: targets and the push probe.
 * One virtual user = one undici `Client` (one keep-alive socket, pipelining 1). undici over `node:http`:
 * its `dispatch` handler API hands us status, body chunks and completion as plain callbacks, without the
 * IncomingMessage stream, Agent pool bookkeeping and per-request socket events of `node:http`, so the
 * generator spends less of its own CPU per request and its timings sit closer to the wire
 * (bench/autocannon-vs-kira.ts checks that against autocannon).
 */
import { Client, type Dispatcher } from 'undici';
import type { WireRequest } from './jobs.js';

export type ErrorKind = 'timeout' | 'connection';

export interface Answer {
  status: number;
  bytes: number;
  /** The body, only when asked for (push scenarios read the write's id). */
  body?: string;
  /** Response headers (lower-case names), only with the body. */
  headers?: Record<string, string>;
}

export type Done = (err: ErrorKind | null, answer: Answer | null) => void;

/**
 * One virtual user's connection: `send` the prepared request; `done` is called exactly once, never re-entrantly.
 * The `answer` it gets may be reused for the connection's next response: read it during the call, do not keep it.
 */
export interface LoadConnection {
  send(done: Done): void;
  close(): Promise<void>;
  /** Connection attempts that failed before connecting (refused, unreachable): counted apart from requests. */
  readonly connectFailures?: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function classifyError(e: unknown): ErrorKind {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TIMEOUT_CODES.has(code) ? 'timeout' : 'connection';
}

export function openClient(baseUrl: string, timeoutMs: number): Client {
  return new Client(baseUrl, {
    pipelining: 1,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout: Math.min(timeoutMs, 10_000),
  });
}

export function dispatchOptions(req: WireRequest): Dispatcher.DispatchOptions {
  return { method: req.method, path: req.path, headers: req.headers, body: req.body, idempotent: false, blocking: false };
}

/** Send one request; `done` is called exactly once. */
function send(client: Client, opts: Dispatcher.DispatchOptions, done: Done, keepBody = false): void {
  let status = 0;
  let bytes = 0;
  let headers: Record<string, string> | undefined;
  let settled = false;
  const chunks: Buffer[] = [];
  const finish = (err: ErrorKind | null, answer: Answer | null) => {
    if (settled) return;
    settled = true;
    done(err, answer);
  };
  const handler: Dispatcher.DispatchHandler = {
    // Its presence tells undici this handler uses the current (controller-based) API.
    onRequestStart() {},
    onResponseStart(_c, statusCode, responseHeaders) {
      status = statusCode;
      if (keepBody) {
        headers = {};
        for (const [k, v] of Object.entries(responseHeaders)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
      }
    },
    onResponseData(_c, chunk) {
      bytes += chunk.length;
      if (keepBody) chunks.push(chunk);
    },
    onResponseEnd() {
      finish(
        null,
        keepBody ? { status, bytes, body: Buffer.concat(chunks).toString('utf8'), ...(headers ? { headers } : {}) } : { status, bytes },
      );
    },
    onResponseError(_c, err) {
      // Answer failures on a later turn: undici calls this from inside dispatch() or while it is still
      // failing the client's queue, and a caller that sends again from `done` must not re-enter it then.
      setImmediate(() => finish(classifyError(err), null));
    },
  };
  try {
    client.dispatch(opts, handler);
  } catch (e) {
    setImmediate(() => finish(classifyError(e), null));
  }
}

export function sendAsync(
  client: Client,
  opts: Dispatcher.DispatchOptions,
  keepBody = false,
): Promise<{ err: ErrorKind | null; answer: Answer | null }> {
  return new Promise((resolve) => send(client, opts, (err, answer) => resolve({ err, answer }), keepBody));
}

/** A load connection over undici (https: targets, where the raw client does not speak TLS). */
export class UndiciConnection implements LoadConnection {
  private readonly client: Client;
  private readonly opts: Dispatcher.DispatchOptions;

  constructor(baseUrl: string, req: WireRequest, timeoutMs: number) {
    this.client = openClient(baseUrl, timeoutMs);
    this.opts = dispatchOptions(req);
  }

  send(done: Done): void {
    send(this.client, this.opts, done);
  }

  close(): Promise<void> {
    return this.client.destroy();
  }
}
