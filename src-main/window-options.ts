/** The windows' options, pure (tested): the security switches are pinned here. */
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';

export const APP_START_URL = `${APP_ORIGIN}/`;

/** Set explicitly even where they are Electron's defaults: a future default change must not weaken the window. */
/** `devTools`: dev-mode.ts decides; off, the window cannot open DevTools by any shortcut or API. */
export function mainWindowOptions(preloadPath: string, devTools = false): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'Kira',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools,
    },
  };
}

/** The start-up error window: no preload at all, nothing to call. */
export function errorWindowOptions(): BrowserWindowConstructorOptions {
  return {
    width: 720,
    height: 520,
    title: 'Kira could not start',
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, devTools: false },
  };
}
