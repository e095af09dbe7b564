/** IPC transport for the Electron window: `window.kira` comes from src-main/preload.cts. */
import type { LiveEventName } from '../../../src-engine/core/api.js';
import type { RendererRouteName } from './routes.js';
import type { CallInput, LiveListener, RawResponse, Transport } from './types.js';

/** The bridge the preload exposes (mirrors src-main/preload.cts without importing from src-main). */
export interface KiraBridge {
  transport: 'ipc';
  invoke(name: string, input?: unknown): Promise<unknown>;
  onLive(listener: (event: string, data: unknown) => void): () => void;
  subscribe(company: number): Promise<unknown>;
}

export function bridgeFromWindow(): KiraBridge | null {
  const k = (window as unknown as { kira?: KiraBridge }).kira;
  return k && typeof k.invoke === 'function' && typeof k.onLive === 'function' ? k : null;
}

function asRaw(v: unknown): RawResponse {
  const r = v as { status?: unknown; body?: unknown } | null;
  if (r && typeof r === 'object' && typeof r.status === 'number') return { status: r.status, body: r.body };
  return { status: 200, body: v };
}

export function createIpcTransport(bridge: KiraBridge): Transport {
  return {
    kind: 'ipc',
    async call(name: RendererRouteName, input: CallInput) {
      return asRaw(await bridge.invoke(name, input));
    },
    live(company: number, listener: LiveListener) {
      void bridge.subscribe(company).then(
        () => listener('open', null),
        () => listener('error', null),
      );
      return bridge.onLive((event, data) => listener(event as LiveEventName, data));
    },
    async upload(name, input, text, onProgress) {
      // IPC carries the CSV as a string in one message; progress then comes from `import-progress` events.
      const res = asRaw(await bridge.invoke(name, { ...input, body: text }));
      onProgress(1);
      return res;
    },
    downloadUrl() {
      return null;
    },
  };
}
