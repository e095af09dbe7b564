import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/app-protocol.js';
import { createAppProtocolHandler } from '../../src-main/protocol.js';

// A real renderer folder with a secret next to it: nothing outside `renderer/` may ever be answered.
const base = mkdtempSync(join(tmpdir(), 'kira-protocol-'));
const renderer = join(base, 'renderer');
mkdirSync(join(renderer, 'assets'), { recursive: true });
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Kira</title>');
writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(base, 'secret.js'), 'SECRET');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handle = createAppProtocolHandler(renderer);
const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app:// request handler', () => {
  it('serves the renderer with the strict CSP, nosniff and the right type', async () => {
    const res = await get('app://kira/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Kira</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await get('app://kira/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('console.log(1)');
  });

  it('answers a hash route and a client-side path with index.html', async () => {
    expect(await (await get('app://kira/#/benchmark')).text()).toContain('<title>Kira</title>');
    expect(await (await get('app://kira/bench')).text()).toContain('<title>Kira</title>');
  });

  it('never reads outside the renderer folder, and says so with the CSP still on', async () => {
    for (const url of [
      'app://kira/../secret.js',
      'app://kira/%2e%2e/secret.js',
      'app://kira/assets/..%2f..%2fsecret.js',
      'app://kira/..%5csecret.js',
    ]) {
      const res = await get(url);
      const body = await res.text();
      expect(body, url).not.toContain('SECRET');
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('refuses other methods and answers a missing file with 404 and no path', async () => {
    expect((await get('app://kira/index.html', 'POST')).status).toBe(405);
    const missing = await get('app://kira/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain(renderer);
  });
});
