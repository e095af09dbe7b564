/** HTTP + SSE transport for the browser tab that `kira serve` opens. */
import { LIVE_EVENTS } from '../../../src-engine/core/api.js';
import { planHttpRequest, type RendererRouteName } from './routes.js';
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
  // EventSource cannot send headers: POST /api/session once so the server sets an HttpOnly cookie.
  let session: Promise<void> | null = null;
  const ensureSession = () =>
    (session ??= fetch(`${base}/api/session`, { method: 'POST', headers: auth, credentials: 'same-origin' }).then((r) => {
      if (!r.ok) {
        session = null;
        throw new Error(`live session refused (${r.status})`);
      }
    }));

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
      let source: EventSource | null = null;
      let closed = false;
      ensureSession()
        .then(() => {
          if (closed) return;
          source = new EventSource(`${base}/api/dashboard/streaming/aggregate?company=${company}`, { withCredentials: true });
          source.onopen = () => listener('open', null);
          source.onerror = () => listener('error', null);
          for (const ev of LIVE_EVENTS) {
            source.addEventListener(ev, (e) => {
              let data: unknown = null;
              try {
                data = JSON.parse((e as MessageEvent<string>).data);
              } catch {
                data = (e as MessageEvent<string>).data;
              }
              listener(ev, data);
            });
          }
        })
        .catch(() => listener('error', null));
      return () => {
        closed = true;
        source?.close();
      };
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
