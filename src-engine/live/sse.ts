/**
 * One Server-Sent Events subscriber on a raw response (fastify hands it over with `reply.hijack()`). Writes
 * are checked against the response's unsent bytes: a consumer that stops reading is dropped at
 * `maxBufferedBytes` instead of growing the server's memory.
 */
import type { ServerResponse } from 'node:http';
import type { LiveEvent } from './event.js';
import type { LiveHub } from './hub.js';
import { sseFrame } from './event.js';
import type { DropInfo, StreamLimits } from './limits.js';
import { startingEvents } from './resume.js';

export interface SseStream {
  /** End the stream (server shutdown). */
  close(): void;
}

export function openSseStream(
  hub: LiveHub,
  res: ServerResponse,
  companyId: number,
  lastEventId: number | undefined,
  limits: StreamLimits,
  onEnd: (stream: SseStream, drop?: DropInfo) => void,
): SseStream {
  let open = true;
  let unsubscribe = (): void => {};
  let heartbeat: NodeJS.Timeout | undefined;

  const finish = (drop?: DropInfo): void => {
    if (!open) return;
    open = false;
    unsubscribe();
    clearInterval(heartbeat);
    onEnd(stream, drop);
  };

  const write = (chunk: string): void => {
    if (!open) return;
    res.write(chunk);
    if (res.writableLength > limits.maxBufferedBytes) dropSlow();
  };

  const dropSlow = (): void => {
    const info: DropInfo = { transport: 'sse', companyId, reason: 'slow_consumer' };
    finish(info);
    // The reason goes last in the queue; it arrives only if the client resumes reading within the grace period.
    res.end(`event: error\ndata: {"error":{"code":"slow_consumer","message":"dropped: the client did not read its events"}}\n\n`);
    setTimeout(() => res.destroy(), limits.dropGraceMs).unref();
  };

  const stream: SseStream = {
    close: () => {
      finish();
      res.end();
    },
  };

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  res.on('close', () => finish());
  res.socket?.setNoDelay(true);

  // Start state, then subscribe, in one tick: nothing published in between can be missed.
  write(`retry: ${limits.retryMs}\n\n`);
  for (const e of startingEvents(hub, companyId, lastEventId)) write(sseFrame(e));
  if (open) {
    unsubscribe = hub.subscribe(companyId, (e: LiveEvent) => write(sseFrame(e)), 'sse');
    heartbeat = setInterval(() => write(': heartbeat\n\n'), limits.heartbeatMs);
  }
  return stream;
}
