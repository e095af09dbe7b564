/**
 * Server-Sent Events over `fetch`, so the live stream carries the same `Authorization` header as every other
 * call. EventSource cannot send headers, and the alternatives — a cookie (sent by the browser to every port of
 * 127.0.0.1) or a token in the URL (logs, history) — are credentials other parties get. What EventSource does
 * for free is kept: the event-stream parsing rules, `retry:`, and reconnecting with `Last-Event-ID` so the
 * server replays what was missed.
 */

export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/** The event-stream parser of the HTML standard (§9.2.6), fed text chunks as they arrive. Pure. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  /** The last `id:` seen (kept across events, as EventSource's `lastEventId`). */
  lastEventId: string | undefined;
  /** The last valid `retry:` in milliseconds. */
  retryMs: number | undefined;

  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      // A lone CR at the end may be the first half of CRLF: wait for the next chunk.
      if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const msg = this.line(line);
      if (msg) out.push(msg);
    }
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      if (this.id !== undefined) this.lastEventId = this.id;
      const msg = this.data.length > 0 ? { event: this.event || 'message', data: this.data.join('\n'), id: this.lastEventId } : undefined;
      this.data = [];
      this.event = '';
      this.id = undefined;
      return msg;
    }
    if (line.startsWith(':')) return undefined; // a comment: the server's heartbeat
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }
}

export interface SseOptions {
  url: string;
  headers: Record<string, string>;
  onOpen(): void;
  onMessage(msg: SseMessage): void;
  /** The connection failed or ended; `final` when no reconnect follows (the server refused it). */
  onError(final: boolean): void;
  /** Before the server's `retry:` arrives. */
  retryMs?: number;
  fetchImpl?: typeof fetch;
}

/** Opens the stream and keeps it open (reconnecting with Last-Event-ID) until the returned function is called. */
export function openFetchSse(opts: SseOptions): () => void {
  const ac = new AbortController();
  const doFetch = opts.fetchImpl ?? fetch;
  let lastEventId: string | undefined;
  let retryMs = opts.retryMs ?? 2_000;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = async (): Promise<void> => {
    const parser = new SseParser();
    try {
      const headers: Record<string, string> = { ...opts.headers, Accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      const res = await doFetch(opts.url, { headers, cache: 'no-store', signal: ac.signal });
      if (res.status !== 200 || !res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        // As EventSource: a refusal (401, 403, 404) is final; a busy or restarting server is retried.
        const final = res.status !== 429 && res.status < 500;
        void res.body?.cancel();
        opts.onError(final);
        if (!final) schedule();
        return;
      }
      opts.onOpen();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const msg of parser.push(value)) opts.onMessage(msg);
        if (parser.lastEventId !== undefined) lastEventId = parser.lastEventId;
        if (parser.retryMs !== undefined) retryMs = parser.retryMs;
      }
    } catch {
      if (ac.signal.aborted) return;
    }
    if (ac.signal.aborted) return;
    opts.onError(false);
    schedule();
  };
  const schedule = (): void => {
    if (!ac.signal.aborted) timer = setTimeout(() => void connect(), retryMs);
  };

  void connect();
  return () => {
    clearTimeout(timer);
    ac.abort();
  };
}
