import { describe, expect, it } from 'vitest';
import { isTrustedExternalUrl } from '../../src-main/trusted-url.js';

describe('external link trust check', () => {
  it('opens ordinary web and mail links', () => {
    expect(isTrustedExternalUrl('https://example.com/help')).toBe(true);
    expect(isTrustedExternalUrl('http://example.org')).toBe(true);
    expect(isTrustedExternalUrl('mailto:support@example.com')).toBe(true);
  });

  it('refuses local, scripted, credentialed and malformed URLs', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'app://kira/index.html',
      'http://127.0.0.1:8080/api',
      'http://localhost:3000',
      'http://[::1]/',
      'http://0.0.0.0/',
      'http://a.localhost/',
      'https://user:pass@example.com/',
      'smb://server/share',
      'mailto:',
      'not a url',
      '',
      // loopback in other spellings
      'http://127.1/',
      'http://2130706433/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::]/',
      'HTTP://LOCALHOST/',
    ]) {
      expect(isTrustedExternalUrl(url), url).toBe(false);
    }
  });
});
