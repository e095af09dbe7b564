import { describe, expect, it } from 'vitest';
import { APP_START_URL, errorWindowOptions, mainWindowOptions } from '../../src-main/window-options.js';

describe('window options', () => {
  it('pins the main window to isolation, sandbox and no Node, with our preload only', () => {
    const prefs = mainWindowOptions('/app/dist/src-main/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/dist/src-main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(APP_START_URL).toBe('app://kira/');
    expect(prefs?.devTools).toBe(false);
    expect(mainWindowOptions('/p', true).webPreferences?.devTools).toBe(true);
  });

  it('gives the start-up error window no preload at all', () => {
    const prefs = errorWindowOptions().webPreferences;
    expect(prefs?.preload).toBeUndefined();
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false });
  });
});
