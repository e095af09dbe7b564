/**
 * Attacks from a real page in Chromium against a real `kira serve`: a second loopback server on another port
 * serves an attacker page that tries fetch / XMLHttpRequest / EventSource / WebSocket / form POST / beacon against
 * Kira's port (with no token, a guessed one, and even the real one, while the victim's dashboard is open and the
 * browser holds a cookie carrying the real token), and a DNS-rebinding simulation where the page's own origin is http://attacker.test:<kira port>
 * (Chromium maps attacker.test to 127.0.0.1, so requests arrive with a foreign Host). The page must not read a
 * figure or write anything; the token appears in kira's output only in the one printed URL line.
 */
import { test, expect, chromium, type Browser } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { chromiumLaunchOptions } from './chromium.js';

interface Kira {
  child: ChildProcess;
  origin: string;
  port: number;
  token: string;
  output: () => string;
  dbPath: string;
  dir: string;
}

async function startKira(): Promise<Kira> {
  const dir = mkdtempSync(join(tmpdir(), 'kira-sec-'));
  const dbPath = join(dir, 'kira.db');
  const child = spawn(process.execPath, ['bin/kira.js', 'serve', '--db', dbPath, '--demo', '--port', '0', '--no-backup'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in 60 s:\n${out}`)), 60_000);
    const poll = setInterval(() => {
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]!);
      }
    }, 20);
    child.once('exit', (code) => reject(new Error(`kira serve exited ${code}:\n${out}`)));
  });
  const u = new URL(url);
  return { child, origin: u.origin, port: Number(u.port), token: url.split('#token=')[1]!, output: () => out, dbPath, dir };
}

/** The attack, run inside the page. `base` is Kira's origin as the page sees it ('' = its own origin). */
const ATTACK = String(async function attack(base: string, wsBase: string, tokens: string[]) {
  const results: { name: string; outcome: string; text: string }[] = [];
  const note = (name: string, outcome: string, text = '') => results.push({ name, outcome, text: String(text).slice(0, 5000) });
  const paths = [
    '/api/companies',
    '/api/dashboard/overview?company=1',
    '/api/clients?company=1',
    '/api/invoices?company=1',
    '/api/dashboard/export?company=1&format=csv',
  ];
  for (const p of paths) {
    for (const t of ['', ...tokens]) {
      try {
        const r = await fetch(base + p, { credentials: 'include', headers: t ? { Authorization: `Bearer ${t}` } : {} });
        note(`fetch ${p} ${t ? 'token' : 'cookie'}`, `status ${r.status}`, await r.text());
      } catch (e) {
        note(`fetch ${p}`, 'blocked', String(e));
      }
    }
    try {
      const r = await fetch(base + p, { mode: 'no-cors', credentials: 'include' });
      note(`no-cors ${p}`, `type ${r.type} status ${r.status}`, await r.text());
    } catch (e) {
      note(`no-cors ${p}`, 'blocked', String(e));
    }
    await new Promise<void>((resolve) => {
      const x = new XMLHttpRequest();
      x.open('GET', base + p);
      x.withCredentials = true;
      x.onload = () => {
        note(`xhr ${p}`, `status ${x.status}`, x.responseText);
        resolve();
      };
      x.onerror = () => {
        note(`xhr ${p}`, 'blocked');
        resolve();
      };
      x.send();
    });
  }
  const body = JSON.stringify({ date: '2024-01-02', category: 'travel', description: 'stolen', amount: 4242 });
  for (const t of ['', ...tokens]) {
    try {
      const r = await fetch(base + '/api/expenses?company=1', {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json', ...(t ? { Authorization: `Bearer ${t}` } : {}) },
        body,
      });
      note('fetch POST expense', `status ${r.status}`, await r.text());
    } catch (e) {
      note('fetch POST expense', 'blocked', String(e));
    }
  }
  try {
    const r = await fetch(base + '/api/expenses?company=1', {
      method: 'POST',
      mode: 'no-cors',
      credentials: 'include',
      headers: { 'Content-Type': 'text/plain' },
      body,
    });
    note('no-cors POST expense', `type ${r.type}`, await r.text());
  } catch (e) {
    note('no-cors POST expense', 'blocked', String(e));
  }
  note('beacon', String(navigator.sendBeacon(base + '/api/expenses?company=1', new Blob([body], { type: 'text/plain' }))));
  // A form POST (no preflight, carries cookies) with a JSON-looking text/plain body, into a hidden frame.
  await new Promise<void>((resolve) => {
    const frame = document.createElement('iframe');
    frame.name = 'sink';
    document.body.appendChild(frame);
    const form = document.createElement('form');
    form.method = 'POST';
    form.enctype = 'text/plain';
    form.target = 'sink';
    form.action = (base || location.origin) + '/api/expenses?company=1';
    const input = document.createElement('input');
    input.name = '{"date":"2024-01-02","category":"travel","amount":4242,"x":"';
    input.value = '"}';
    form.appendChild(input);
    document.body.appendChild(form);
    frame.onload = () => {
      try {
        note('form POST', 'readable', frame.contentDocument?.body?.innerText ?? '');
      } catch (e) {
        note('form POST', 'unreadable', String(e));
      }
      resolve();
    };
    form.submit();
    setTimeout(resolve, 3000);
  });
  await new Promise<void>((resolve) => {
    const es = new EventSource(base + '/api/dashboard/streaming/aggregate?company=1', { withCredentials: true });
    const done = (o: string, t = '') => {
      note('EventSource', o, t);
      es.close();
      resolve();
    };
    es.onmessage = (m) => done('message', m.data);
    es.addEventListener('aggregate', (m) => done('aggregate', m.data));
    es.onerror = () => done('error');
    setTimeout(() => done('timeout'), 3000);
  });
  for (const t of ['', ...tokens]) {
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`${wsBase}/api/dashboard/ws?company=1${t ? `&token=${t}` : ''}`);
      const got: string[] = [];
      ws.onmessage = (m) => got.push(String(m.data));
      ws.onopen = () => ws.send(JSON.stringify({ type: 'request_update' }));
      ws.onclose = (c) => {
        note('WebSocket', `closed ${c.code}`, got.join('\n'));
        resolve();
      };
      setTimeout(() => {
        note('WebSocket', 'timeout', got.join('\n'));
        ws.close();
        resolve();
      }, 3000);
    });
  }
  return results;
});

const page = (script: string, base: string, wsBase: string, tokens: string[]) =>
  `<!doctype html><html><body><h1>cute cats</h1><script>window.__attack = (${script})(${JSON.stringify(base)}, ${JSON.stringify(wsBase)}, ${JSON.stringify(tokens)});</script></body></html>`;

function digest(path: string): string {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const hash = createHash('sha256');
    for (const t of db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[]) {
      const cols = db.prepare(`SELECT count(*) FROM pragma_table_info('${t}')`).pluck().get() as number;
      const order = Array.from({ length: cols }, (_, i) => i + 1).join(', ');
      hash.update(t);
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().iterate()) hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

let kira: Kira;
let attacker: http.Server;
let attackerPort = 0;
let browser: Browser;
let secrets: string[] = [];

test.beforeAll(async () => {
  kira = await startKira();
  const api = async (p: string) => (await fetch(kira.origin + p, { headers: { Authorization: `Bearer ${kira.token}` } })).text();
  // What must never reach an attacker: names, invoice numbers, the figures of the overview.
  const listed = JSON.parse(await api('/api/companies')) as { id: number; name: string }[] | { items: { id: number; name: string }[] };
  const companies = Array.isArray(listed) ? listed : listed.items;
  const clients = JSON.parse(await api('/api/clients?company=1&page_size=100')) as { items: { name: string }[] };
  const invoices = JSON.parse(await api('/api/invoices?company=1&page_size=20')) as { items: { number: string }[] };
  const overview = await api('/api/dashboard/overview?company=1');
  const figures = (overview.match(/\d{5,}/g) ?? []).filter((n) => n.length >= 5);
  secrets = [...companies.map((c) => c.name), ...clients.items.map((c) => c.name), ...invoices.items.map((i) => i.number), ...figures];
  expect(secrets.length).toBeGreaterThan(10);
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page(ATTACK, kira.origin, kira.origin.replace('http', 'ws'), ['guessed-token-guessed-token-1234', kira.token]));
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
  attackerPort = (attacker.address() as AddressInfo).port;
  const opts = chromiumLaunchOptions();
  // Chromium's own Private/Local Network Access checks would block the rebinding page first; they are switched off
  // so the test shows what Kira alone does (browsers without them exist: older Chromium, other engines).
  browser = await chromium.launch({
    ...opts,
    args: [
      ...opts.args,
      '--host-resolver-rules=MAP attacker.test 127.0.0.1',
      '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks',
    ],
  });
});

test.afterAll(async () => {
  await browser?.close();
  attacker?.close();
  if (kira?.child.exitCode === null) kira.child.kill('SIGKILL');
  if (kira) rmSync(kira.dir, { recursive: true, force: true });
});

function assertNothingLeaked(results: { name: string; outcome: string; text: string }[]) {
  expect(results.length).toBeGreaterThan(20);
  for (const r of results) {
    for (const s of secrets) expect(r.text.includes(s), `${r.name} (${r.outcome}) read "${s}"`).toBe(false);
    const status = /^status (\d+)/.exec(r.outcome)?.[1];
    if (status) expect(['401', '403'], `${r.name}: ${r.outcome} ${r.text.slice(0, 200)}`).toContain(status);
    // A live event reaching the page would be a leak; a readable frame may only hold Kira's refusal.
    expect(['message', 'aggregate'], r.name).not.toContain(r.outcome);
    if (r.outcome === 'readable') expect(r.text, r.name).toMatch(/^$|"code":"forbidden"/); // empty: the blank frame
  }
}

test('a cross-origin page on another loopback port reads no figure and writes nothing', async () => {
  const before = digest(kira.dbPath);
  const context = await browser.newContext();
  const p = await context.newPage();
  // The victim has the real dashboard open, live stream included. Kira sets no cookie and, while the page runs,
  // stores the token nowhere a script could read it; a reload still works (the token is put aside only across it).
  await p.goto(`${kira.origin}/#token=${kira.token}`);
  await expect(p.getByLabel('Live updates: open')).toBeVisible();
  expect(await context.cookies(kira.origin)).toEqual([]);
  const stored = () => p.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) + location.href);
  expect(await stored()).not.toContain(kira.token);
  await p.reload();
  await expect(p.getByLabel('Live updates: open')).toBeVisible();
  expect(await stored()).not.toContain(kira.token);
  // Even a cookie holding the real token (planted, or left by an older Kira) grants nothing.
  await context.addCookies([{ name: 'kira_session', value: kira.token, url: kira.origin }]);
  await p.goto(`http://127.0.0.1:${attackerPort}/evil.html`);
  const results = await p.evaluate(
    () => (window as unknown as { __attack: Promise<{ name: string; outcome: string; text: string }[]> }).__attack,
  );
  assertNothingLeaked(results);
  expect(results.filter((r) => r.name === 'WebSocket').every((r) => /closed|timeout/.test(r.outcome) && r.text === '')).toBe(true);
  expect(digest(kira.dbPath)).toBe(before);
  await context.close();
});

test('DNS rebinding: a page whose origin is attacker.test:<kira port> gets only 403s', async () => {
  const before = digest(kira.dbPath);
  const context = await browser.newContext();
  const p = await context.newPage();
  const evil = `http://attacker.test:${kira.port}`;
  // The attacker's DNS first pointed attacker.test at their server (the page), then at 127.0.0.1 (the API calls).
  await p.route(`${evil}/evil.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: page(ATTACK, '', `ws://attacker.test:${kira.port}`, ['guessed-token-guessed-token-1234', kira.token]),
    }),
  );
  await p.goto(`${evil}/evil.html`);
  const results = await p.evaluate(
    () => (window as unknown as { __attack: Promise<{ name: string; outcome: string; text: string }[]> }).__attack,
  );
  assertNothingLeaked(results);
  // Same-origin now, so the page can read answers: every one it read is Kira's 403 for the foreign Host.
  const read = results.filter((r) => r.outcome.startsWith('status'));
  expect(read.length).toBeGreaterThan(10);
  for (const r of read) expect(r.outcome, r.name).toBe('status 403');
  expect(read.every((r) => r.text.includes('"forbidden"'))).toBe(true);
  expect(digest(kira.dbPath)).toBe(before);
  await context.close();
});

test('the token appears in kira serve output only in the one printed URL line', async () => {
  // A session of ordinary and failing requests (with the token, the cookie, wrong tokens, SSE, bad input).
  const h = { Authorization: `Bearer ${kira.token}` };
  await fetch(`${kira.origin}/api/dashboard/overview?company=1`, { headers: h });
  await fetch(`${kira.origin}/api/expenses?company=1`, {
    method: 'POST',
    headers: { ...h, 'Content-Type': 'application/json' },
    body: '{bad json',
  });
  await fetch(`${kira.origin}/api/companies?token=${kira.token}`);
  await fetch(`${kira.origin}/api/nope/${kira.token}`, { headers: h });
  const ac = new AbortController();
  const sse = await fetch(`${kira.origin}/api/dashboard/streaming/aggregate?company=1`, { headers: h, signal: ac.signal });
  expect(sse.status).toBe(200);
  ac.abort();
  const metrics = await (await fetch(`${kira.origin}/api/dashboard/metrics`, { headers: h })).text();
  expect(metrics.includes(kira.token)).toBe(false);
  const exited = new Promise((r) => kira.child.once('exit', r));
  kira.child.kill('SIGTERM');
  await exited;
  const out = kira.output();
  const lines = out.split('\n').filter((l) => l.includes(kira.token));
  expect(lines).toEqual([`Open: ${kira.origin}/#token=${kira.token}`]);
  expect(out.split(kira.token).length - 1).toBe(1);
});
