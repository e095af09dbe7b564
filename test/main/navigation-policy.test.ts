import { describe, expect, it } from 'vitest';
import { frameNavigationVerdict, navigationVerdict, newWindowVerdict } from '../../src-main/navigation-policy.js';

describe('window navigation policy', () => {
  it('sends trusted web and mail links to the browser, never into the window', () => {
    expect(navigationVerdict('https://example.com/help')).toBe('open-external');
    expect(newWindowVerdict('https://example.com/help')).toBe('open-external');
    expect(newWindowVerdict('mailto:support@example.com')).toBe('open-external');
  });

  it('blocks navigating the window anywhere, our own origin included (the app routes without navigating)', () => {
    for (const url of [
      'app://kira/other.html',
      'file:///etc/passwd',
      'http://127.0.0.1:4000/',
      'javascript:alert(1)',
      'data:text/html,x',
      'nonsense',
    ]) {
      expect(navigationVerdict(url), url).toBe('block');
    }
  });

  it('refuses every frame navigation (will-frame-navigate); a subframe never reaches the browser', () => {
    expect(frameNavigationVerdict('https://example.com/help', true)).toBe('open-external');
    for (const url of ['https://example.com/help', 'mailto:a@example.com', 'app://kira/', 'about:blank', 'file:///etc/passwd']) {
      expect(frameNavigationVerdict(url, false), url).toBe('block');
    }
    for (const url of ['app://kira/other.html', 'http://127.0.0.1:4000/', 'data:text/html,x']) {
      expect(frameNavigationVerdict(url, true), url).toBe('block');
    }
  });

  it('never opens a new window for local or scripted URLs', () => {
    for (const url of ['app://kira/', 'about:blank', 'file:///tmp/x', 'http://localhost:3000/', 'javascript:void 0']) {
      expect(newWindowVerdict(url), url).toBe('block');
    }
  });
});
