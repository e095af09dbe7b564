/**
 * HTTP + SSE transport for the browser tab that `kira serve` opens. Every request, the live stream included,
 * carries the bearer header; the page holds no cookie and puts the token in no URL.
 */
import { LIVE_EVENTS, type LiveEventName } from '../../../src-engine/core/api/live.js';
import { planHttpRequest } from './routes.js';
import { openFetchSse } from './sse-fetch.js';
import { engineLiveArgs, type LiveListener, type RawResponse, type Transport } from './types.js';

/** `attachment; filename="x.csv"` → x.csv (the service writes it quoted and sanitized). */
function attachmentName(disposition: string | null): string | null {
  const m = disposition ? /filename="([^"]*)"/.exec(disposition) : null;
  return m?.[1] ?? null;
}

/** JSON parsed; an attachment (an export) as `{ filename, content_type, content }`, the shape IPC answers with. */
function decodeBody(status: number, headers: Pick<Headers, 'get'>, text: string): RawResponse {
  const type = headers.get('content-type') ?? '';
  const filename = attachmentName(headers.get('content-disposition'));
  if (filename !== null) return { status, body: { filename, content_type: type, content: text } };
  if (!type.includes('json') || !text) return { status, body: text };
  try {
    return { status, body: JSON.parse(text) as unknown };
  } catch {
    return { status, body: { error: { code: 'bad_json', message: 'The server sent malformed JSON', details: {} } } };
  }
}

export function createHttpTransport(token: string, base = ''): Transport {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    kind: 'http',
    async call(name, input) {
      const plan = planHttpRequest(name, input);
      const headers: Record<string, string> = { ...auth };
      if (plan.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(base + plan.url, { method: plan.method, headers, body: plan.body });
      return decodeBody(res.status, res.headers, await res.text());
    },
    live(company: number, listener: LiveListener): () => void {
      const names = new Set<string>(LIVE_EVENTS);
      const isLiveEvent = (e: string): e is LiveEventName => names.has(e);
      return openFetchSse({
        url: `${base}/api/dashboard/streaming/aggregate?company=${company}`,
        headers: auth,
        onOpen: () => listener('open', null),
        onError: () => listener('error', null),
        onMessage: (m) => {
          if (!isLiveEvent(m.event)) return;
          let data: unknown;
          try {
            data = JSON.parse(m.data);
          } catch {
            // The engine sends JSON only: a frame that is not is dropped rather than handed on untyped.
            return;
          }
          listener(...engineLiveArgs(m.event, data));
        },
      });
    },
    upload(name, input, text, onProgress) {
      const plan = planHttpRequest(name, input);
      // XHR, not fetch: only XHR reports upload progress in browsers.
      return new Promise<RawResponse>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open(plan.method, base + plan.url);
        xhr.setRequestHeader('Authorization', auth.Authorization);
        xhr.setRequestHeader('Content-Type', 'text/csv');
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
        };
        xhr.onload = () => {
          const headers = { get: (h: string) => xhr.getResponseHeader(h) };
          resolve(decodeBody(xhr.status, headers, xhr.responseText));
        };
        xhr.onerror = () => reject(new Error('Upload failed: the service did not answer'));
        xhr.send(text);
      });
    },
  };
}
