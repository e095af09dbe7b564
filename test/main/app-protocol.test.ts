import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { resolveAppRequest } from '../../src-main/app-protocol.js';

const ROOT = '/opt/kira/renderer';

describe('app:// protocol path checks', () => {
  it('serves index.html at the root and files inside the renderer folder', () => {
    expect(resolveAppRequest('GET', 'app://kira/', ROOT)).toEqual({
      ok: true,
      file: join(ROOT, 'index.html'),
      mime: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest('GET', 'app://kira/assets/index-abc.js', ROOT)).toMatchObject({
      ok: true,
      file: join(ROOT, 'assets/index-abc.js'),
    });
  });

  it('answers client-side routes with the single-page app', () => {
    expect(resolveAppRequest('GET', 'app://kira/benchmark', ROOT)).toMatchObject({ ok: true, file: join(ROOT, 'index.html') });
  });

  it('refuses anything but GET', () => {
    expect(resolveAppRequest('POST', 'app://kira/index.html', ROOT)).toMatchObject({ ok: false, status: 405 });
  });

  it('refuses traversal in every spelling', () => {
    for (const url of [
      'app://kira/../secrets.txt',
      'app://kira/assets/%2e%2e/%2e%2e/etc/passwd',
      'app://kira/%2e%2e%2fetc%2fpasswd',
      'app://kira/assets/..%2F..%2Fetc/passwd',
    ]) {
      const d = resolveAppRequest('GET', url, ROOT);
      if (d.ok) expect(d.file.startsWith(ROOT + '/')).toBe(true);
      else expect([400, 403, 404]).toContain(d.status); // never a file outside the renderer folder
    }
    expect(resolveAppRequest('GET', 'app://kira/a%00.js', ROOT)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppRequest('GET', 'app://kira/..%5C..%5Cwindows', ROOT)).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses other hosts, schemes and unknown file types', () => {
    expect(resolveAppRequest('GET', 'app://evil/index.html', ROOT)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('GET', 'file:///etc/passwd', ROOT)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppRequest('GET', 'app://kira/kira.db', ROOT)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest('GET', 'not a url', ROOT)).toMatchObject({ ok: false, status: 400 });
  });
});
