/**
 * The main window and the rules every web contents of the app lives under. The options and the navigation
 * rules are pure and tested (window-options.ts, navigation-policy.ts); the Electron calls here are thin.
 */
import { BrowserWindow, shell, type WebContents } from 'electron';
import { frameNavigationVerdict, navigationVerdict, newWindowVerdict, type LeaveVerdict } from './navigation-policy.js';
import { APP_START_URL, errorWindowOptions, mainWindowOptions } from './window-options.js';

/** Applied to every web contents the app creates (app.on('web-contents-created')), windows and any frame alike. */
export function hardenWebContents(contents: WebContents, log: (line: string) => void): void {
  const leave = (event: { preventDefault(): void }, url: string, verdict: LeaveVerdict) => {
    event.preventDefault();
    if (verdict === 'open-external') void shell.openExternal(url);
    else log(`kira window: blocked navigation to ${url.slice(0, 200)}`);
  };
  // Every frame's navigation is refused here first; `will-navigate` then never fires (kept as a second lock).
  contents.on('will-frame-navigate', (event) => leave(event, event.url, frameNavigationVerdict(event.url, event.isMainFrame)));
  contents.on('will-navigate', (event) => leave(event, event.url, navigationVerdict(event.url)));
  contents.on('will-redirect', (event) => leave(event, event.url, navigationVerdict(event.url)));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('kira window: blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (newWindowVerdict(url) === 'open-external') void shell.openExternal(url);
    return { action: 'deny' };
  });
  // No camera, notifications, geolocation… the dashboard needs none.
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

export function createMainWindow(preloadPath: string, devTools: boolean): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath, devTools));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}

export function showErrorWindow(url: string): BrowserWindow {
  const win = new BrowserWindow(errorWindowOptions());
  win.setMenuBarVisibility(false);
  void win.loadURL(url);
  return win;
}
