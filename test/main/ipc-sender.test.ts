import { describe, expect, it } from 'vitest';
import { validateIpcSender, knownChannels } from '../../src-main/ipc-sender.js';
import { ROUTES } from '../../src-engine/core/api.js';

const own = { frameUrl: 'app://kira/index.html', isMainFrame: true, isOwnWindow: true };

describe('IPC sender validation', () => {
  it('accepts every registry channel from our own main frame', () => {
    expect(knownChannels()).toHaveLength(Object.keys(ROUTES).length);
    expect(validateIpcSender('kira:dashboard.overview', own)).toEqual({ ok: true, handler: 'dashboard.overview' });
  });

  it('refuses unknown channels, iframes, other windows and other origins', () => {
    expect(validateIpcSender('kira:shell.exec', own)).toMatchObject({ ok: false });
    expect(validateIpcSender('kira:dashboard.overview', { ...own, isMainFrame: false })).toMatchObject({ ok: false, reason: /main frame/ });
    expect(validateIpcSender('kira:dashboard.overview', { ...own, isOwnWindow: false })).toMatchObject({ ok: false });
    for (const frameUrl of ['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///tmp/x.html', 'app://evil/index.html', 'garbage']) {
      expect(validateIpcSender('kira:dashboard.overview', { ...own, frameUrl }), frameUrl).toMatchObject({ ok: false });
    }
  });
});
