/**
 * The only bridge between the sandboxed renderer and the main process. Sandboxed preloads cannot load our
 * other modules, so this file stays self-contained: it exposes two functions and forwards names that look
 * like handler names; the main process checks each against the registry and the sender (ipc-sender.ts).
 */
import electron = require('electron');

const HANDLER_NAME = /^[a-z]+\.[A-Za-z]+$/;
const LIVE_CHANNEL = 'kira:live';

type LiveListener = (event: string, data: unknown) => void;

const api = {
  transport: 'ipc' as const,
  /** Call a handler of the registry (core/api.ts) by name; resolves with `{ status, body }`. */
  invoke(name: string, input?: unknown): Promise<unknown> {
    if (typeof name !== 'string' || !HANDLER_NAME.test(name)) return Promise.reject(new Error(`invalid handler name ${String(name)}`));
    return electron.ipcRenderer.invoke(`kira:${name}`, input ?? {});
  },
  /** Live events (aggregate, alert, progress) for the company the window subscribed to. */
  onLive(listener: LiveListener): () => void {
    const wrapped = (_e: unknown, event: string, data: unknown) => listener(event, data);
    electron.ipcRenderer.on(LIVE_CHANNEL, wrapped);
    return () => electron.ipcRenderer.removeListener(LIVE_CHANNEL, wrapped);
  },
  /** Choose the company whose live events this window receives. */
  subscribe(company: number): Promise<unknown> {
    return electron.ipcRenderer.invoke('kira:live.subscribe', { company });
  },
};

export type KiraBridge = typeof api;

electron.contextBridge.exposeInMainWorld('kira', api);
