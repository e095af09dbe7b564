/**
 * One Kira per user: a second launch focuses the running window instead of opening the same books twice (two
 * writers would fight over the database lock). Returns false when this process should quit at once.
 */
import { app, type BrowserWindow } from 'electron';

export function claimSingleInstance(currentWindow: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const win = currentWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return true;
}
