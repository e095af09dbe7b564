/**
 * Every IPC message is checked before it reaches the engine: it must come from our own window's main frame,
 * loaded from our own app:// origin, on a channel the registry knows.
 */
import { ROUTES, ipcChannel, type HandlerName } from '../src-engine/core/api/index.js';
import { APP_ORIGIN } from './app-protocol.js';

export interface SenderInfo {
  /** URL of the frame that sent the message. */
  frameUrl: string;
  /** Whether that frame is the window's main frame (not an iframe). */
  isMainFrame: boolean;
  /** Whether the sender belongs to a window this app created. */
  isOwnWindow: boolean;
}

/** Not a registry handler: picks which company's live events the window receives (see ipc.ts). */
const LIVE_SUBSCRIBE_CHANNEL = 'kira:live.subscribe';
export const LIVE_SUBSCRIBE = 'live.subscribe';
/** Main → renderer only (`webContents.send`); listed so nobody registers a handler under it. */
export const LIVE_EVENT_CHANNEL = 'kira:live';

type ChannelTarget = HandlerName | typeof LIVE_SUBSCRIBE;

const CHANNELS = new Map<string, ChannelTarget>([
  ...(Object.keys(ROUTES) as HandlerName[]).map((name): [string, ChannelTarget] => [ipcChannel(name), name]),
  [LIVE_SUBSCRIBE_CHANNEL, LIVE_SUBSCRIBE],
]);

export type SenderVerdict = { ok: true; handler: ChannelTarget } | { ok: false; reason: string };

export function validateIpcSender(channel: string, sender: SenderInfo): SenderVerdict {
  const handler = CHANNELS.get(channel);
  if (!handler) return { ok: false, reason: `unknown channel ${channel}` };
  if (!sender.isOwnWindow) return { ok: false, reason: 'sender is not a Kira window' };
  if (!sender.isMainFrame) return { ok: false, reason: 'sender is not the main frame' };
  let origin: string;
  try {
    const u = new URL(sender.frameUrl);
    origin = `${u.protocol}//${u.host}`;
  } catch {
    return { ok: false, reason: 'sender URL is malformed' };
  }
  if (origin !== APP_ORIGIN) return { ok: false, reason: `sender origin ${origin} is not ${APP_ORIGIN}` };
  return { ok: true, handler };
}

export function knownChannels(): string[] {
  return [...CHANNELS.keys()];
}
