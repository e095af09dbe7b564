import { describe, expect, it } from 'vitest';
import { validateIpcSender, knownChannels } from '../../src-main/ipc-sender.js';
import { ROUTES } from '../../src-engine/core/api/index.js';

const own = { frameUrl: 'app://kira/index.html', isMainFrame: true, isOwnWindow: true };

describe('IPC sender validation', () => {
  it('accepts every registry channel from our own main frame', () => {
    // every handler plus the live-subscribe channel, nothing else
    expect(knownChannels()).toHaveLength(Object.keys(ROUTES).length + 1);
    expect(knownChannels()).toContain('kira:live.subscribe');
    expect(validateIpcSender('kira:live.subscribe', own)).toEqual({ ok: true, handler: 'live.subscribe' });
    expect(validateIpcSender('kira:dashboard.overview', own)).toEqual({ ok: true, handler: 'dashboard.overview' });
  });

  it('refuses unknown channels, iframes, other windows and other origins', () => {
    expect(validateIpcSender('kira:shell.exec', own)).toMatchObject({ ok: false });
    // the push channel is main → renderer only; a renderer may not invoke it
    expect(validateIpcSender('kira:live', own)).toMatchObject({ ok: false });
    expect(validateIpcSender('kira:live.subscribe', { ...own, frameUrl: 'https://evil.example/' })).toMatchObject({ ok: false });
    expect(validateIpcSender('kira:dashboard.overview', { ...own, isMainFrame: false })).toMatchObject({ ok: false, reason: /main frame/ });
    expect(validateIpcSender('kira:dashboard.overview', { ...own, isOwnWindow: false })).toMatchObject({ ok: false });
    for (const frameUrl of ['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///tmp/x.html', 'app://evil/index.html', 'garbage']) {
      expect(validateIpcSender('kira:dashboard.overview', { ...own, frameUrl }), frameUrl).toMatchObject({ ok: false });
    }
  });
});
