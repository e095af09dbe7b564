/**
 * The only bridge between the sandboxed renderer and the main process. Sandboxed preloads cannot load our
 * other modules, so this file stays self-contained: it exposes two functions and forwards names that look
 * like handler names; the main process checks each against the registry and the sender (ipc-sender.ts).
 * What it exposes is the renderer's `KiraBridge` (declared once, in src-renderer/src/client/bridge.ts); the
 * channel names are checked against the main process's at compile time. Type imports vanish from the output.
 */
import electron = require('electron');
import type { KiraBridge } from '../src-renderer/src/client/bridge.js';
import type { LIVE_EVENT_CHANNEL, LIVE_SUBSCRIBE } from './ipc-sender.js';

const HANDLER_NAME = /^[a-z]+\.[A-Za-z]+$/;
const LIVE_CHANNEL: typeof LIVE_EVENT_CHANNEL = 'kira:live';
const SUBSCRIBE_CHANNEL: `kira:${typeof LIVE_SUBSCRIBE}` = 'kira:live.subscribe';

const api = {
  transport: 'ipc',
  /** Call a handler of the registry (core/api) by name; resolves with `{ status, body }`. */
  invoke(name: string, input?: unknown) {
    if (typeof name !== 'string' || !HANDLER_NAME.test(name)) return Promise.reject(new Error(`invalid handler name ${String(name)}`));
    return electron.ipcRenderer.invoke(`kira:${name}`, input ?? {});
  },
  onLive(listener) {
    const wrapped = (_e: unknown, event: Parameters<typeof listener>[0], data: unknown) => listener(event, data);
    electron.ipcRenderer.on(LIVE_CHANNEL, wrapped);
    return () => electron.ipcRenderer.removeListener(LIVE_CHANNEL, wrapped);
  },
  subscribe(company) {
    return electron.ipcRenderer.invoke(SUBSCRIBE_CHANNEL, { company });
  },
} satisfies KiraBridge;

electron.contextBridge.exposeInMainWorld('kira', api);
