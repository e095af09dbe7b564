/**
 * write_to_live: keep a Server-Sent Events stream open, make a write, and time how long until the stream
 * pushes the next event of the expected name. Latency = event arrival − write sent (the write's own round
 * trip included: that is what a user waiting for the dashboard to move sees).
 */
import { performance } from 'node:perf_hooks';
import { createHistogram, encodeHistogram, recordMs } from '../../core/bench/histogram.js';
import { emptyRawRun, type RawRun } from '../../core/bench/types.js';
import { dispatchOptions, openClient, sendAsync } from './http-client.js';
import type { GeneratorProgress, PushJob, PushOutcome, WireRequest } from './jobs.js';

/** Counts events of one name as they arrive and lets callers await "the next one after n". */
class EventCounter {
  count = 0;
  private waiters: { after: number; resolve: (t: number | null) => void; timer: NodeJS.Timeout }[] = [];

  arrived(at: number): void {
    this.count++;
    for (const w of this.waiters.filter((w) => this.count > w.after)) {
      clearTimeout(w.timer);
      w.resolve(at);
    }
    this.waiters = this.waiters.filter((w) => this.count <= w.after);
  }

  next(after: number, timeoutMs: number): Promise<number | null> {
    if (this.count > after) return Promise.resolve(performance.now());
    return new Promise((resolve) => {
      const w = {
        after,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve(null);
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }

  cancel(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(null);
    }
    this.waiters = [];
  }
}

/** Incremental SSE parser: blocks separated by a blank line; `event:` names the event (default "message"). */
function sseEvents(onEvent: (name: string) => void): (chunk: string) => void {
  let buf = '';
  return (chunk) => {
    buf += chunk;
    let m: RegExpExecArray | null;
    const sep = /\r?\n\r?\n/;
    while ((m = sep.exec(buf)) !== null) {
      const block = buf.slice(0, m.index);
      buf = buf.slice(m.index + m[0].length);
      let name = 'message';
      let hasData = false;
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith(':')) continue;
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) hasData = true;
      }
      if (hasData) onEvent(name);
    }
  };
}

function withId(req: WireRequest, body: string | undefined): WireRequest | null {
  if (!req.path.includes('{{id}}')) return req;
  try {
    const id = (JSON.parse(body ?? '') as { id?: unknown }).id;
    if (typeof id !== 'number' && typeof id !== 'string') return null;
    return { ...req, path: req.path.replaceAll('{{id}}', encodeURIComponent(String(id))) };
  } catch {
    return null;
  }
}

export async function runPush(job: PushJob, signal: AbortSignal, onProgress: (p: GeneratorProgress) => void): Promise<PushOutcome> {
  const hist = createHistogram();
  const run: RawRun = emptyRawRun();
  const counter = new EventCounter();
  const streamClient = openClient(job.base_url, job.timeout_ms);
  const writeClient = openClient(job.base_url, job.timeout_ms);
  const parse = sseEvents((name) => {
    if (name === job.event) counter.arrived(performance.now());
  });
  const onAbort = () => {
    run.aborted = true;
    counter.cancel();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    // The stream's status decides whether the scenario can run at all.
    const status = await new Promise<number>((resolve) => {
      streamClient.dispatch(
        { ...dispatchOptions(job.stream), bodyTimeout: 0 },
        {
          onRequestStart() {},
          onResponseStart(_c, statusCode) {
            resolve(statusCode);
          },
          onResponseData(_c, chunk) {
            run.bytes_received += chunk.length;
            parse(chunk.toString('utf8'));
          },
          onResponseEnd() {
            resolve(0);
          },
          onResponseError() {
            resolve(-1);
          },
        },
      );
    });
    if (status !== 200) {
      const why = status === -1 ? 'could not connect to the stream' : `stream ${job.stream.path} answered ${status}`;
      return { kind: 'push', skipped: why, measured: { ...run, histogram: encodeHistogram(hist) } };
    }

    const writeOpts = dispatchOptions(job.write);
    const writeAndSettle = async (measure: boolean): Promise<void> => {
      const seen = counter.count;
      const sent = performance.now();
      const { err, answer } = await sendAsync(writeClient, writeOpts, job.cleanup !== null);
      if (measure) run.requests++;
      if (err !== null) {
        if (measure) run.errors[err]++;
        return;
      }
      if (!answer || !job.write.expect_status.includes(answer.status)) {
        if (measure) run.errors.status++;
        return;
      }
      const at = await counter.next(seen, job.event_timeout_ms);
      if (measure) {
        if (at === null) {
          if (!signal.aborted) run.errors.timeout++;
        } else {
          recordMs(hist, at - sent);
          const k = String(answer.status);
          run.statuses[k] = (run.statuses[k] ?? 0) + 1;
        }
      }
      // Undo the write and let its own event pass before the next write, so events are not misattributed.
      const undo = job.cleanup ? withId(job.cleanup, answer.body) : null;
      if (undo) {
        const before = counter.count;
        await sendAsync(writeClient, dispatchOptions(undo));
        await counter.next(before, job.event_timeout_ms);
      }
    };

    const t0 = performance.now();
    // One unmeasured write first: it absorbs any snapshot event the stream sends on connect.
    await writeAndSettle(false);
    for (let i = 0; i < job.count && !signal.aborted; i++) {
      await writeAndSettle(true);
      onProgress({
        phase: 'measure',
        elapsed_ms: Math.round(performance.now() - t0),
        requests: run.requests,
        errors: run.errors.status + run.errors.timeout + run.errors.connection,
        p50_ms: null,
        p99_ms: null,
      });
    }
    run.window_ms = performance.now() - t0;
    run.histogram = encodeHistogram(hist);
    return { kind: 'push', skipped: null, measured: run };
  } finally {
    signal.removeEventListener('abort', onAbort);
    counter.cancel();
    // Destroying the client ends the open stream.
    await Promise.allSettled([streamClient.destroy(), writeClient.destroy()]);
  }
}
