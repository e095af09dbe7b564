/** Choose the transport once at start: IPC inside Electron (window.kira), else HTTP with the fragment token. */
import { KiraClient } from './client.js';
import { createHttpTransport } from './http-transport.js';
import { bridgeFromWindow, createIpcTransport } from './ipc-transport.js';
import { takeToken } from './token.js';

export function createClient(): KiraClient | { error: string } {
  const bridge = bridgeFromWindow();
  if (bridge) return new KiraClient(createIpcTransport(bridge));
  const token = takeToken();
  if (!token)
    return { error: 'This page needs the address printed by `kira serve` (it carries the access token). Open that address again.' };
  return new KiraClient(createHttpTransport(token));
}
