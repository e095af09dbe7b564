/**
 * Authentication is decided on the route the router matched, not on the URL text: every spelling of an API path
 * that the router (or Node's parser) accepts — percent-encoded letters and slashes, absolute form, repeated
 * slashes, dot segments, case, trailing characters, encoded path parameters — is sent without a token over a raw
 * socket, to reads and writes, on `kira serve`'s app (with its static page) and on the desktop app's on-demand
 * port. None may answer with figures or change the books.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnginePort } from '../../src-engine/service/root/engine-port.js';
import { startEngineFixture, type EngineFixture } from '../main/engine-fixture.js';
import { rawExchange, type RawAnswer } from '../reliability/raw-http.js';
import { digestFile } from '../data/helpers.js';
import { startFixture, type Fixture } from './helpers.js';

/** What must never reach a caller without the token: company and client names. */
function secretsOf(dbPath: string): string[] {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return [
      ...(db.prepare('SELECT name FROM companies').pluck().all() as string[]),
      ...(db.prepare('SELECT name FROM clients LIMIT 20').pluck().all() as string[]),
    ];
  } finally {
    db.close();
  }
}

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** Every spelling of `target` (an origin-form path with its query) the router or Node's parser might take. */
export function spellings(target: string, port: number): string[] {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q);
  const rest = path.slice('/api'.length); // "/companies", "/clients/1"
  const bare = rest.slice(1);
  const variants = [
    path,
    // percent-encoding: one letter, the whole prefix, every letter, upper and lower hex, digits of parameters
    `/%61pi${rest}`,
    `/%61%70%69${rest}`,
    `/%41PI${rest}`,
    `/api/${hex(bare[0]!)}${bare.slice(1)}`,
    path.replace(/[a-z]/g, hex),
    path.replace(/[a-z]/g, (c) => hex(c).toUpperCase()),
    path.replace(/[0-9]/g, hex),
    `/%2561pi${rest}`,
    // encoded and repeated slashes
    `/api%2F${bare}`,
    `/api%2f${bare}`,
    `%2Fapi${rest}`,
    `//api${rest}`,
    `/api//${bare}`,
    `${path.replace(/\//g, '//')}`,
    `/api\\${bare}`,
    // dot segments, plain and encoded
    `/./api${rest}`,
    `/api/./${bare}`,
    `/x/..${path}`,
    `/api/x/..${rest}`,
    `/%2e/api${rest}`,
    `/x/%2e%2e${path}`,
    `/api/${bare}/.`,
    `/api/${bare}/x/..`,
    // case
    path.toUpperCase(),
    `/Api${rest}`,
    `/api${rest.toUpperCase()}`,
    // trailing characters
    `${path}/`,
    `${path}//`,
    `${path};`,
    `${path};x=1`,
    `${path}%00`,
    `${path}%20`,
    `${path}.`,
    `${path}.json`,
    `${path}%3F`,
    `${path}%23`,
    `${path}#x`,
    `${path}?`,
    `${path}/?`,
    // absolute form (RFC 9112 §3.2.2): this origin, other spellings of it, other hosts
    `http://127.0.0.1:${port}${path}`,
    `HTTP://127.0.0.1:${port}${path}`,
    `http://localhost:${port}${path}`,
    `http://127.0.0.1:${port}/%61pi${rest}`,
    `http://127.0.0.1:${port}//api${rest}`,
    `http://user@127.0.0.1:${port}${path}`,
    `https://127.0.0.1:${port}${path}`,
    `http://127.0.0.1${path}`,
    `http://evil.example${path}`,
    `http://evil.example:${port}${path}`,
    `127.0.0.1:${port}`,
    '*',
  ];
  return [...new Set(variants.map((v) => (v.includes('?') || v.includes('#') || query === '' ? v : v + query)))];
}

interface Target {
  method: string;
  path: string;
  body?: string;
  type?: string;
}

function targets(company: number, clientId: number, expenseId: number, invoiceId: number): Target[] {
  const json = 'application/json';
  return [
    { method: 'GET', path: '/api/companies' },
    { method: 'GET', path: `/api/dashboard/overview?company=${company}` },
    { method: 'GET', path: `/api/dashboard/breakdown?company=${company}` },
    { method: 'GET', path: `/api/clients?company=${company}` },
    { method: 'GET', path: `/api/expenses?company=${company}` },
    { method: 'GET', path: `/api/invoices?company=${company}` },
    { method: 'GET', path: `/api/dashboard/export?company=${company}&format=csv` },
    { method: 'GET', path: '/api/dashboard/metrics' },
    { method: 'GET', path: `/api/dashboard/streaming/aggregate?company=${company}` },
    { method: 'HEAD', path: `/api/dashboard/overview?company=${company}` },
    {
      method: 'POST',
      path: `/api/expenses?company=${company}`,
      type: json,
      body: JSON.stringify({ date: '2024-03-02', category: 'travel', description: 'stolen', amount: 4242 }),
    },
    { method: 'POST', path: `/api/clients?company=${company}`, type: json, body: JSON.stringify({ name: 'Intruder' }) },
    { method: 'PATCH', path: `/api/clients/${clientId}?company=${company}`, type: json, body: JSON.stringify({ name: 'Renamed' }) },
    { method: 'DELETE', path: `/api/expenses/${expenseId}?company=${company}` },
    { method: 'POST', path: `/api/invoices/${invoiceId}/status?company=${company}`, type: json, body: JSON.stringify({ status: 'void' }) },
    { method: 'POST', path: `/api/dashboard/refresh?company=${company}` },
    {
      method: 'POST',
      path: `/api/import/expenses?company=${company}`,
      type: 'text/csv',
      body: 'date,category,description,amount\n2024-03-02,travel,stolen,42.42\n',
    },
    { method: 'POST', path: '/api/session' },
  ];
}

function send(
  port: number,
  method: string,
  target: string,
  opts: { body?: string; type?: string; token?: string } = {},
): Promise<RawAnswer> {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: close'];
  if (opts.token) lines.push(`Authorization: Bearer ${opts.token}`);
  if (opts.type) lines.push(`Content-Type: ${opts.type}`);
  if (opts.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(opts.body)}`);
  return rawExchange(port, Buffer.from(`${lines.join('\r\n')}\r\n\r\n${opts.body ?? ''}`, 'latin1'), { timeoutMs: 5_000 });
}

interface Seen {
  request: string;
  status: number;
  body: string;
}

/** Sends every spelling of every target without a token; returns what came back. */
async function probe(port: number, list: Target[]): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const t of list) {
    for (const target of spellings(t.path, port)) {
      const a = await send(port, t.method, target, { body: t.body, type: t.type });
      seen.push({ request: `${t.method} ${target}`, status: a.status, body: a.body.toString('utf8') });
    }
  }
  return seen;
}

function expectRefused(seen: Seen[], secrets: string[], refusals: readonly number[] = [401]): void {
  expect(seen.length).toBeGreaterThan(500);
  for (const s of seen) {
    // 0: Node's parser closed the connection without an answer; otherwise a refusal (400/401/403/404, 429).
    if (s.status !== 0) expect(s.status, `${s.request} → ${s.status} ${s.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(s.status, s.request).toBeLessThan(500);
    for (const secret of secrets) expect(s.body.includes(secret), `${s.request} leaked "${secret}"`).toBe(false);
  }
  // Most must be the auth refusal itself, not a parser error that never reached routing.
  expect(seen.filter((s) => refusals.includes(s.status)).length).toBeGreaterThan(seen.length / 2);
}

function idsOf(dbPath: string, company: number): { client: number; expense: number; invoice: number } {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const one = (sql: string) => db.prepare(sql).pluck().get(company) as number;
    return {
      client: one('SELECT id FROM clients WHERE company_id = ? ORDER BY id LIMIT 1'),
      expense: one('SELECT id FROM expenses WHERE company_id = ? ORDER BY id LIMIT 1'),
      invoice: one('SELECT coalesce((SELECT id FROM invoices WHERE company_id = ? ORDER BY id LIMIT 1), 1)'),
    };
  } finally {
    db.close();
  }
}

describe('kira serve: every spelling of an API path needs the token', () => {
  let f: Fixture;
  let dbPath: string;
  beforeAll(async () => {
    // With a page at `/` (the static route is public) and no limit on refusals, so every request reaches routing.
    const probeDir = join(process.env.TMPDIR ?? '/tmp', `kira-spell-page-${process.pid}`);
    mkdirSync(probeDir, { recursive: true });
    writeFileSync(join(probeDir, 'index.html'), '<!doctype html><title>Kira</title>');
    f = await startFixture({ rendererDir: probeDir, rateLimit: { capacity: 1e9, perSecond: 1e9 } });
    dbPath = f.dir.path('kira.db');
  });
  afterAll(() => f.close());

  it('answers no figure and writes nothing, whatever the spelling', async () => {
    const before = digestFile(dbPath);
    const ids = idsOf(dbPath, f.ids.a);
    const seen = await probe(f.server.port, targets(f.ids.a, ids.client, ids.expense, ids.invoice));
    expectRefused(seen, secretsOf(dbPath));
    expect(digestFile(dbPath)).toBe(before);
  });

  it('the same requests with the token do read and write (the probe can see a leak)', async () => {
    const port = f.server.port;
    const token = f.server.token;
    const read = await send(port, 'GET', '/%61pi/companies', { token });
    expect(read.status).toBe(200);
    expect(read.body.toString()).toContain('Alpha Sdn Bhd');
    const abs = await send(port, 'GET', `http://127.0.0.1:${port}/api/dashboard/overview?company=${f.ids.a}`, { token });
    expect(abs.status).toBe(200);
    const before = digestFile(dbPath);
    const body = JSON.stringify({ date: '2024-03-02', category: 'travel', description: 'owner', amount: 100 });
    const write = await send(port, 'POST', `/%61pi/expenses?company=${f.ids.a}`, { token, type: 'application/json', body });
    expect(write.status).toBe(201);
    expect(digestFile(dbPath)).not.toBe(before);
  });

  it('refuses an absolute-form target naming another host even with the token', async () => {
    for (const target of [
      `http://evil.example/api/companies`,
      `http://evil.example:${f.server.port}/api/companies`,
      `https://127.0.0.1:${f.server.port}/api/companies`,
    ]) {
      const a = await send(f.server.port, 'GET', target, { token: f.server.token });
      expect(a.status, target).toBe(400);
      expect(a.body.toString()).not.toContain('Alpha');
    }
  });

  it('serves the page without the token, and nothing else', async () => {
    const page = await send(f.server.port, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Kira</title>');
    const unknown = await send(f.server.port, 'POST', '/no/such/route');
    expect(unknown.status).toBe(401);
  });
});

describe("the desktop app's on-demand port: every spelling needs the token", () => {
  let fx: EngineFixture;
  let port: EnginePort;
  beforeAll(() => {
    fx = startEngineFixture();
    port = fx.engine.http;
  });
  afterAll(async () => {
    await port.close();
    await fx.close();
  });

  it('answers no figure and writes nothing, whatever the spelling', async () => {
    const http = await port.ensure();
    const dbPath = fx.engine.store.path;
    const company = fx.company.id;
    // Fill the cache so the cache-hit fast path is in play for the overview spellings.
    expect((await send(http.port, 'GET', `/api/dashboard/overview?company=${company}`, { token: http.token })).status).toBe(200);
    const before = digestFile(dbPath);
    const ids = idsOf(dbPath, company);
    const seen = await probe(http.port, targets(company, ids.client, ids.expense, ids.invoice));
    // This port keeps the default limit on refusals: a probe this long may run into it (429 refuses too).
    expectRefused(seen, secretsOf(dbPath), [401, 429]);
    expect(digestFile(dbPath)).toBe(before);
  });
});
