/** IPC transport for the Electron window: `window.kira` comes from src-main/preload.cts (declared in bridge.ts). */
import type { KiraBridge } from './bridge.js';
import { engineLiveArgs, isOk, type LiveListener, type Transport } from './types.js';

declare global {
  interface Window {
    /** Present only inside Electron, where the preload exposes it. */
    readonly kira?: KiraBridge;
  }
}

export function bridgeFromWindow(): KiraBridge | null {
  const k = window.kira;
  return k && typeof k.invoke === 'function' && typeof k.onLive === 'function' ? k : null;
}

export function createIpcTransport(bridge: KiraBridge): Transport {
  return {
    kind: 'ipc',
    call(name, input) {
      return bridge.invoke(name, input);
    },
    live(company: number, listener: LiveListener) {
      // The subscription answers with a status like any call: a refusal is an error, not an open stream.
      void bridge.subscribe(company).then(
        (r) => listener(isOk(r.status) ? 'open' : 'error', null),
        () => listener('error', null),
      );
      return bridge.onLive((event, data) => (event === 'navigate' ? listener(event, data) : listener(...engineLiveArgs(event, data))));
    },
    async upload(name, input, text, onProgress) {
      // IPC carries the file's text in one message; progress then comes from `import-progress` events.
      const res = await bridge.invoke(name, { ...input, body: text });
      onProgress(1);
      return res;
    },
  };
}
