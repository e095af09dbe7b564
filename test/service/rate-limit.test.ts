/**
 * Rate limits by who is calling: requests without a valid credential are limited per address, the owner's token
 * is not (unless the user sets a cap), the benchmark's token never is. Real servers, real sockets; the load
 * checks use autocannon's programmatic API against `startServer` (what `kira serve` runs), bounded in time.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLimits, RateLimiter } from '../../src-engine/service/http/rate-limit.js';
import { tempDir } from '../helpers/tmp.js';
import { startFixture, type Fixture } from './helpers.js';

type Counted = Awaited<ReturnType<typeof autocannon>> & { statusCodeStats?: Record<string, { count: number }>; '2xx'?: number };

describe('the buckets (pure)', () => {
  it('charges the anonymous bucket per address, never the bench token, the owner only with a cap', () => {
    const limits = new AccessLimits({ anonymous: { capacity: 2, perSecond: 0.001 } });
    const t = 1_000;
    expect([limits.take(undefined, 'a', t), limits.take(undefined, 'a', t), limits.take(undefined, 'a', t)].map((w) => w > 0)).toEqual([
      false,
      false,
      true,
    ]);
    expect(limits.take(undefined, 'b', t)).toBe(0);
    for (let i = 0; i < 1_000; i++) expect(limits.take('user', 'a', t)).toBe(0);
    for (let i = 0; i < 1_000; i++) expect(limits.take('bench', 'a', t)).toBe(0);
    const capped = new AccessLimits({ owner: { capacity: 3, perSecond: 3 } });
    expect([0, 1, 2, 3].map(() => capped.take('user', 'a', t) > 0)).toEqual([false, false, false, true]);
    expect(capped.take('user', 'a', t + 1_000)).toBe(0);
    expect(capped.take('bench', 'a', t)).toBe(0);
  });

  it('refills at its rate and answers how long to wait', () => {
    const b = new RateLimiter({ capacity: 1, perSecond: 0.5 });
    expect(b.take('x', 0)).toBe(0);
    expect(b.take('x', 0)).toBe(2);
    expect(b.take('x', 2_000)).toBe(0);
  });
});

describe('over HTTP with a small bucket for refusals', () => {
  let f: Fixture;
  beforeAll(async () => {
    // A bucket of 3 that refills one token every ~17 minutes: nothing refills during the test.
    f = await startFixture({ rateLimit: { capacity: 3, perSecond: 0.001 }, warm: false });
  });
  afterAll(() => f.close());

  it('answers 429 with Retry-After to requests without a valid token once their bucket is empty; the owner and the bench token pass', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await fetch(`${f.server.url}/api/companies`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await fetch(`${f.server.url}/api/companies`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    for (let i = 0; i < 20; i++) {
      expect((await f.get('/api/companies')).status).toBe(200);
      expect((await fetch(`${f.server.url}/api/companies`, { headers: { authorization: `Bearer ${f.server.benchToken}` } })).status).toBe(
        200,
      );
    }
  });
});

describe('WebSocket upgrades (they bypass the HTTP hooks)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ rateLimit: { capacity: 2, perSecond: 0.001 }, warm: false });
  });
  afterAll(() => f.close());

  const upgrade = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${f.server.port}/api/dashboard/ws?company=${f.ids.a}`, { headers });
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', reject);
    });

  it('are charged like requests: 429 once the address has spent its bucket without a token; the owner still connects', async () => {
    expect(await upgrade({})).toBe(101); // upgraded, then closed 1008 unauthorized (ws.test.ts)
    expect(await upgrade({ authorization: 'Bearer wrong-token-wrong-token' })).toBe(101);
    expect(await upgrade({})).toBe(429);
    expect(await upgrade({ authorization: `Bearer ${f.server.token}` })).toBe(101);
  });
});

describe('a cap the owner asks for', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ httpRateLimit: 0.001, warm: false });
  });
  afterAll(() => f.close());

  it('limits the owner token to its cap (a burst of one), on the cached fast path too', async () => {
    expect((await f.get('/api/dashboard/overview')).status).toBe(200);
    const next = await f.get('/api/dashboard/overview');
    expect(next.status).toBe(429);
    expect((await fetch(`${f.server.url}/api/companies`, { headers: { authorization: `Bearer ${f.server.benchToken}` } })).status).toBe(
      200,
    );
  });
});

describe('load tools with the owner token (autocannon, 50 connections)', () => {
  let f: Fixture;
  beforeAll(async () => {
    // The owner's side is the default (no cap); the bucket for refusals is made small (100, refilling 1/s) so the
    // flood below overflows it by count, however slow this machine is.
    f = await startFixture({ rateLimit: { capacity: 100, perSecond: 1 } });
  });
  afterAll(() => f.close());

  it('get only 2xx; an unauthenticated flood gets 429', async () => {
    const url = `${f.server.url}/api/dashboard/overview?company=${f.ids.a}`;
    const owner = (await autocannon({
      url,
      connections: 50,
      duration: 2,
      headers: { authorization: `Bearer ${f.server.token}` },
    })) as Counted;
    expect(owner.requests.total).toBeGreaterThan(300); // well past what the bucket for refusals would let through
    expect(owner.non2xx).toBe(0);
    expect(owner.errors).toBe(0);
    const floodOptions = { url, connections: 50, amount: 400 };
    const flood = (await autocannon(floodOptions)) as Counted;
    expect(flood.statusCodeStats?.['429']?.count ?? 0).toBeGreaterThan(200);
    expect(flood['2xx'] ?? 0).toBe(0);
    // The owner is not held back by the flood from its own address.
    expect((await f.get(`/api/dashboard/overview?company=${f.ids.a}`)).status).toBe(200);
  });
});

describe('kira serve --rate-limit', () => {
  it('caps the owner token of a real `kira serve` at N requests a second', async () => {
    const dir = tempDir('kira-rl-');
    const child = spawn(
      process.execPath,
      ['bin/kira.js', 'serve', '--db', dir.path('k.db'), '--demo', '--no-backup', '--rate-limit', '1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const m = /Open: (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/.exec(out);
          if (m) resolve(`${m[1]}|${m[2]}`);
        });
        child.once('exit', (code) => reject(new Error(`kira serve exited ${code}: ${out}`)));
        setTimeout(() => reject(new Error(`no address from kira serve in 30 s: ${out}`)), 30_000).unref();
      });
      const [base, token] = url.split('|') as [string, string];
      const h = { authorization: `Bearer ${token}` };
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/api/companies`, { headers: h })).status);
      // A burst of one second's worth (1), then 429 until it refills.
      expect(statuses[0]).toBe(200);
      expect(statuses).toContain(429);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      dir.cleanup();
    }
  });
});
