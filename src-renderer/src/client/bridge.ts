/**
 * The bridge the preload exposes as `window.kira`, declared once: src-main/preload.cts implements it (`satisfies
 * KiraBridge`, a type-only import the sandboxed preload loses at compile time) and the IPC transport calls it.
 */
import type { HandlerName, LiveEventName } from '../../../src-engine/core/api/index.js';
import type { IpcReply } from '../../../src-engine/service/ipc/dispatcher.js';

/** The views Electron's menu can open (src-main/menu.ts): pushed on the live channel as `navigate` with `{ view }`. */
export type NavigateView = 'dashboard' | 'bench';
/** What arrives on the bridge's live channel: the engine's live events and the menu's `navigate`. */
export type BridgeEvent = LiveEventName | 'navigate';

export interface KiraBridge {
  readonly transport: 'ipc';
  /** Call a registry handler by name; the main process answers `{ status, body }` (service/ipc/dispatcher.ts). */
  invoke(name: HandlerName, input?: unknown): Promise<IpcReply>;
  /** Live events (aggregate, alert, progress) for the company the window subscribed to; returns the unsubscribe. */
  onLive(listener: (event: BridgeEvent, data: unknown) => void): () => void;
  /** Choose the company whose live events this window receives (src-main/ipc.ts answers 200 or a refusal). */
  subscribe(company: number): Promise<IpcReply>;
}
