/** The local service's guard, exercised over real sockets against a real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startFixture, type Fixture } from './helpers.js';

let f: Fixture;
let host: string;
beforeAll(async () => {
  f = await startFixture();
  host = `127.0.0.1:${f.server.port}`;
});
afterAll(() => f.close());

const errorOf = (body: string) =>
  (JSON.parse(body) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;

describe('authentication', () => {
  it('refuses a request without a token with 401 in the JSON error shape', async () => {
    const r = await rawRequest(f.server.port, { path: '/api/dashboard/overview', headers: { host } });
    expect(r.status).toBe(401);
    expect(errorOf(r.body).code).toBe('unauthorized');
  });

  it('refuses a wrong token, including one that differs only in length', async () => {
    for (const token of ['wrong', f.server.token + 'x', f.server.token.slice(0, -1)]) {
      const r = await rawRequest(f.server.port, { path: '/api/companies', headers: { host, authorization: `Bearer ${token}` } });
      expect(r.status).toBe(401);
    }
  });

  it('accepts the bearer token and the bench token', async () => {
    for (const token of [f.server.token, f.server.benchToken]) {
      const r = await rawRequest(f.server.port, { path: '/api/companies', headers: { host, authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
    }
  });

  it('accepts no cookie (every port of 127.0.0.1 receives it) and has no session endpoint', async () => {
    const r = await rawRequest(f.server.port, { path: '/api/companies', headers: { host, cookie: `kira_session=${f.server.token}` } });
    expect(r.status).toBe(401);
    const s = await rawRequest(f.server.port, {
      method: 'POST',
      path: '/api/session',
      headers: { host, authorization: `Bearer ${f.server.token}` },
    });
    expect(s.status).toBe(404);
    expect(s.headers['set-cookie']).toBeUndefined();
    const anon = await rawRequest(f.server.port, { method: 'POST', path: '/api/session', headers: { host } });
    expect(anon.status).toBe(401);
  });
});

describe('DNS rebinding and cross-origin requests', () => {
  it('refuses a spoofed Host with 403 even with a valid token', async () => {
    for (const h of ['evil.example:80', `evil.example:${f.server.port}`, '127.0.0.1', `127.0.0.1:${f.server.port + 1}`]) {
      const r = await rawRequest(f.server.port, {
        path: '/api/companies',
        headers: { host: h, authorization: `Bearer ${f.server.token}` },
      });
      expect(r.status, h).toBe(403);
      expect(errorOf(r.body).details).toEqual({ header: 'host' });
    }
  });

  it('accepts localhost:<port> as Host', async () => {
    const r = await rawRequest(f.server.port, {
      path: '/api/companies',
      headers: { host: `localhost:${f.server.port}`, authorization: `Bearer ${f.server.token}` },
    });
    expect(r.status).toBe(200);
  });

  it('refuses a foreign Origin with 403 and sends no CORS headers at all', async () => {
    const r = await rawRequest(f.server.port, {
      path: '/api/companies',
      headers: { host, origin: 'https://evil.example', authorization: `Bearer ${f.server.token}` },
    });
    expect(r.status).toBe(403);
    expect(errorOf(r.body).details).toEqual({ header: 'origin' });
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const same = await rawRequest(f.server.port, {
      path: '/api/companies',
      headers: { host, origin: `http://${host}`, authorization: `Bearer ${f.server.token}` },
    });
    expect(same.status).toBe(200);
    expect(Object.keys(same.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('input limits and the one error shape', () => {
  const auth = () => ({ host, authorization: `Bearer ${f.server.token}` });

  it('caps JSON bodies at 1 MiB with 413', async () => {
    const body = JSON.stringify({ requests: [{ view: 'overview', params: { pad: 'x'.repeat(1024 * 1024) } }] });
    const r = await rawRequest(f.server.port, {
      method: 'POST',
      path: '/api/dashboard/batch',
      headers: { ...auth(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      body,
    });
    expect(r.status).toBe(413);
    expect(errorOf(r.body).code).toBe('payload_too_large');
  });

  it.each([
    ['/api/dashboard/overview?from=2024-13-01', 'from'],
    ['/api/dashboard/overview?to=yesterday', 'to'],
    ['/api/dashboard/overview?from=2024-03-10&to=2024-03-01', 'from'],
    ['/api/dashboard/overview?from=1900-01-01&to=2024-01-01', 'to'],
    ['/api/dashboard/trends?periods=500', 'periods'],
    ['/api/dashboard/trends?granularity=fortnight', 'granularity'],
    ['/api/dashboard/clients?page_size=1000', 'page_size'],
    ['/api/dashboard/overview?company=abc', 'company'],
    ['/api/dashboard/overview?bogus=1', 'bogus'],
    ['/api/dashboard/overview?basis=cashflow', 'basis'],
  ])('answers %s with 400 naming %s, without a stack trace', async (path, param) => {
    const r = await rawRequest(f.server.port, { path, headers: auth() });
    expect(r.status).toBe(400);
    const e = errorOf(r.body);
    expect(e.details.param).toBe(param);
    expect(r.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers 400 naming the body field of a bad batch', async () => {
    const body = JSON.stringify({ requests: [{ view: 'nonsense' }] });
    const r = await rawRequest(f.server.port, {
      method: 'POST',
      path: '/api/dashboard/batch',
      headers: { ...auth(), 'content-type': 'application/json' },
      body,
    });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).details.field).toBe('requests.0.view');
  });

  it('answers malformed JSON with 400 in the JSON shape', async () => {
    const r = await rawRequest(f.server.port, {
      method: 'POST',
      path: '/api/dashboard/batch',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: '{"requests":',
    });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).code).toBe('invalid_body');
  });

  it('answers an unknown company with 404', async () => {
    const r = await rawRequest(f.server.port, { path: '/api/dashboard/overview?company=999', headers: auth() });
    expect(r.status).toBe(404);
    expect(errorOf(r.body).code).toBe('not_found');
  });

  it('answers an unknown route with 404 in the JSON shape', async () => {
    const r = await rawRequest(f.server.port, { path: '/api/nothing/here', headers: auth() });
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(errorOf(r.body)).toMatchObject({ code: 'not_found' });
  });
});

describe('company scoping', () => {
  it("company A's figures and batch never include company B's rows", async () => {
    const a = await f.get(`/api/dashboard/breakdown?company=${f.ids.a}`);
    const textA = await a.text();
    expect(a.status).toBe(200);
    expect(textA).toContain('Alpha Sdn Bhd');
    expect(textA).not.toContain('Beta');
    expect(textA).not.toContain('77700');
    // A batch scoped to A cannot reach B through an item's own params.
    const batch = await fetch(`${f.server.url}/api/dashboard/batch?company=${f.ids.a}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [{ view: 'overview', params: { company: f.ids.b } }] }),
    });
    const text = await batch.text();
    expect(text).toContain('Alpha Sdn Bhd');
    expect(text).not.toContain('Beta');
  });
});
