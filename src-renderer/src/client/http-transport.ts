/**
 * HTTP + SSE transport for the browser tab that `kira serve` opens. Every request, the live stream included,
 * carries the bearer header; the page holds no cookie and puts the token in no URL.
 */
import { LIVE_EVENTS, type LiveEventName } from '../../../src-engine/core/api.js';
import { planHttpRequest, type RendererRouteName } from './routes.js';
import { openFetchSse } from './sse-fetch.js';
import type { CallInput, LiveListener, RawResponse, Transport } from './types.js';

async function decode(res: Response): Promise<RawResponse> {
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { error: { code: 'bad_json', message: 'The server sent malformed JSON' } };
    }
  }
  return { status: res.status, body };
}

export function createHttpTransport(token: string, base = ''): Transport {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    kind: 'http',
    async call(name: RendererRouteName, input: CallInput): Promise<RawResponse> {
      const plan = planHttpRequest(name, input);
      const headers: Record<string, string> = { ...auth };
      if (plan.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(base + plan.url, { method: plan.method, headers, body: plan.body });
      return decode(res);
    },
    live(company: number, listener: LiveListener): () => void {
      const names = new Set<string>(LIVE_EVENTS);
      return openFetchSse({
        url: `${base}/api/dashboard/streaming/aggregate?company=${company}`,
        headers: auth,
        onOpen: () => listener('open', null),
        onError: () => listener('error', null),
        onMessage: (m) => {
          if (!names.has(m.event)) return;
          let data: unknown;
          try {
            data = JSON.parse(m.data);
          } catch {
            data = m.data;
          }
          listener(m.event as LiveEventName, data);
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
          let body: unknown = xhr.responseText;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            /* not JSON: keep the text */
          }
          resolve({ status: xhr.status, body });
        };
        xhr.onerror = () => reject(new Error('Upload failed: the service did not answer'));
        xhr.send(text);
      });
    },
    downloadUrl() {
      // Downloads need the bearer header, so the page fetches them and hands the browser a blob URL.
      return null;
    },
  };
}
