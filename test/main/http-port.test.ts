/** The engine's on-demand HTTP port in the desktop app, over the engine already running in the main process (real server on port 0). */
import { afterEach, describe, expect, it } from 'vitest';
import { httpPortSetting, httpRateLimitSetting } from '../../src-main/http-port.js';
import { startEngineFixture, type EngineFixture } from './engine-fixture.js';

let fx: EngineFixture | undefined;
let closePort: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closePort?.();
  await fx?.close();
  fx = closePort = undefined;
});

describe('KIRA_HTTP_PORT', () => {
  it('is off unless set, and a bad value fails loudly', () => {
    expect(httpPortSetting({})).toBeNull();
    expect(httpPortSetting({ KIRA_HTTP_PORT: '' })).toBeNull();
    expect(httpPortSetting({ KIRA_HTTP_PORT: '0' })).toBe(0);
    expect(httpPortSetting({ KIRA_HTTP_PORT: ' 8123 ' })).toBe(8123);
    for (const bad of ['65536', '-1', '80a', '1e3', 'http'])
      expect(() => httpPortSetting({ KIRA_HTTP_PORT: bad }), bad).toThrow(/KIRA_HTTP_PORT/);
  });
});

describe('KIRA_HTTP_RATE_LIMIT', () => {
  it('is no cap unless set to a positive whole number, and a bad value fails loudly', () => {
    expect(httpRateLimitSetting({})).toBeNull();
    expect(httpRateLimitSetting({ KIRA_HTTP_RATE_LIMIT: '0' })).toBeNull();
    expect(httpRateLimitSetting({ KIRA_HTTP_RATE_LIMIT: ' 50 ' })).toBe(50);
    for (const bad of ['-1', '1.5', 'fast', '1e3'])
      expect(() => httpRateLimitSetting({ KIRA_HTTP_RATE_LIMIT: bad }), bad).toThrow(/KIRA_HTTP_RATE_LIMIT/);
  });

  it("caps the owner's token on the port when set; without it the owner is never limited", async () => {
    fx = startEngineFixture({ httpRateLimit: 1 });
    const port = fx.engine.http;
    closePort = () => port.close();
    const { url, token } = await port.ensure();
    const get = () => fetch(`${url}/api/companies`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    const statuses: number[] = [];
    // A bucket of one request a second holds a small burst; a short run of requests must overflow it.
    for (let i = 0; i < 20; i++) statuses.push(await get());
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(429);
  });
});

describe('the on-demand port', () => {
  it('is closed until asked for, then opened once for concurrent callers', async () => {
    fx = startEngineFixture();
    const port = fx.engine.http;
    closePort = () => port.close();
    expect(port.isOpen()).toBe(false);
    const [a, b] = await Promise.all([port.ensure(), port.ensure()]);
    expect(a).toBe(b);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('applies the token and Host rules of `kira serve` and answers what IPC answers', async () => {
    fx = startEngineFixture();
    const port = fx.engine.http;
    closePort = () => port.close();
    const { url, token, benchToken } = await port.ensure();
    const path = `/api/dashboard/overview?company=${fx.company.id}`;
    expect((await fetch(url + path)).status).toBe(401);
    expect((await fetch(url + path, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    const { request } = await import('node:http');
    const rebinding = await new Promise<number>((resolve, reject) => {
      const req = request(url + path, { headers: { host: 'evil.example', authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebinding).toBe(403);
    const ok = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual((await fx.engine.invoke('dashboard.overview', { company: fx.company.id })).body);
    expect((await fetch(url + path, { headers: { authorization: `Bearer ${benchToken}` } })).status).toBe(200);
  });

  it('shares the engine: a write over HTTP reaches the live hub the window listens to', async () => {
    fx = startEngineFixture();
    const port = fx.engine.http;
    closePort = () => port.close();
    const { url, token } = await port.ensure();
    const events: string[] = [];
    fx.engine.hub.snapshot(fx.company.id);
    const pushed = new Promise<void>((resolve) => {
      fx!.engine.hub.subscribe(
        fx!.company.id,
        (e) => {
          events.push(e.name);
          resolve();
        },
        'ipc',
      );
    });
    const { body } = fx.expenseToday(9_999).body;
    const res = await fetch(`${url}/api/expenses?company=${fx.company.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    await pushed;
    expect(events).toContain('aggregate');
  });
});
