/**
 * The IPC side of the main process: one `ipcMain.handle` per known channel. Every message's sender is checked
 * (`validateIpcSender`: our window, main frame, app:// origin, known channel) before it reaches the engine.
 * `kira:live.subscribe` attaches the window to one company's live events, pushed as `kira:live (event, data)`.
 * Calls in flight are counted so shutdown can wait for them before the database closes.
 *
 * The Electron objects are described structurally (what we use of them), so this is tested without Electron.
 */
import type { HandlerName } from '../src-engine/core/api/index.js';
import type { IpcReply } from '../src-engine/service/ipc/dispatcher.js';
import type { LiveEvent } from '../src-engine/live/event.js';
import { toErrorReply } from '../src-engine/service/common/error-shape.js';
import { LIVE_EVENT_CHANNEL, LIVE_SUBSCRIBE, knownChannels, validateIpcSender } from './ipc-sender.js';

export interface SenderContents {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface InvokeEvent {
  readonly sender: SenderContents;
  /** Null once the frame navigated away or was destroyed: refused. */
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** What of the live hub IPC needs. */
export interface LiveSource {
  snapshot(companyId: number): LiveEvent;
  subscribe(companyId: number, listener: (e: LiveEvent) => void, transport: 'ipc'): () => void;
}

export interface IpcDeps {
  ipcMain: IpcMainLike;
  /** A registry handler's answer: the `{ status, body }` the renderer's KiraBridge.invoke resolves with. */
  invoke(name: HandlerName, input: unknown): Promise<IpcReply>;
  live: LiveSource;
  /** Whether these web contents belong to a window this app created. */
  isOwnWindow(contentsId: number): boolean;
  /** A refused message, for the log (never answered with details a hostile page could use). */
  onRefused?: (channel: string, reason: string) => void;
}

export interface IpcBridge {
  /** Refuse new calls, wait for those in flight (shutdown, before the database closes). */
  close(): Promise<void>;
  inFlight(): number;
}

const reply = (e: unknown): IpcReply => {
  const r = toErrorReply(e);
  return { status: r.status, body: JSON.parse(r.text) as unknown };
};
const refusal = (status: number, code: string, message: string): IpcReply => ({ status, body: { error: { code, message, details: {} } } });

export function registerIpc(deps: IpcDeps): IpcBridge {
  const pending = new Set<Promise<unknown>>();
  const liveOf = new Map<number, () => void>();
  let closed = false;

  const subscribe = (sender: SenderContents, input: unknown): IpcReply => {
    const company = (input as { company?: unknown } | null)?.company;
    if (typeof company !== 'number' || !Number.isInteger(company) || company <= 0)
      return refusal(400, 'invalid_input', 'company must be a positive integer');
    const known = liveOf.has(sender.id);
    liveOf.get(sender.id)?.();
    liveOf.delete(sender.id);
    const push = (e: LiveEvent) => {
      if (!sender.isDestroyed()) sender.send(LIVE_EVENT_CHANNEL, e.name, e.data);
    };
    try {
      // Snapshot then subscribe in the same tick: the window starts from the current figures with no gap.
      const first = deps.live.snapshot(company);
      liveOf.set(sender.id, deps.live.subscribe(company, push, 'ipc'));
      push(first);
    } catch (e) {
      return reply(e);
    }
    if (!known) {
      sender.once('destroyed', () => {
        liveOf.get(sender.id)?.();
        liveOf.delete(sender.id);
      });
    }
    return { status: 200, body: { company } };
  };

  for (const channel of knownChannels()) {
    deps.ipcMain.handle(channel, async (event, input) => {
      const frame = event.senderFrame;
      const verdict = validateIpcSender(channel, {
        frameUrl: frame?.url ?? '',
        isMainFrame: frame !== null && frame.parent === null,
        isOwnWindow: deps.isOwnWindow(event.sender.id),
      });
      if (!verdict.ok) {
        deps.onRefused?.(channel, verdict.reason);
        return refusal(403, 'forbidden', 'this message is not accepted');
      }
      if (closed) return refusal(503, 'shutting_down', 'Kira is closing');
      if (verdict.handler === LIVE_SUBSCRIBE) return subscribe(event.sender, input);
      const call = deps.invoke(verdict.handler, input ?? {});
      pending.add(call);
      try {
        return await call;
      } finally {
        pending.delete(call);
      }
    });
  }

  return {
    async close() {
      closed = true;
      for (const off of liveOf.values()) off();
      liveOf.clear();
      // allSettled: a failing call must not stop shutdown; its caller already got its answer.
      while (pending.size > 0) await Promise.allSettled([...pending]);
      for (const channel of knownChannels()) deps.ipcMain.removeHandler(channel);
    },
    inFlight: () => pending.size,
  };
}
