/**
 * Fuzzed input against a live startServer: thousands of generated malformed requests (fuzz-gen.ts) and malformed
 * CSV files into the import routes. No crash, no 5xx, every answer the documented error shape (or a valid
 * success), and a digest of every table unchanged by the rejected input. Seeded: the seed is printed.
 */
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../src-engine/core/prng.js';
import { generateDemo } from '../../src-engine/data/index.js';
import { startServer, type RunningServer } from '../../src-engine/service/root/server.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { generateCsv, generateRequest, type FuzzRequest } from './fuzz-gen.js';
import { rawExchange, type RawAnswer } from './raw-http.js';
import { SIZES, runSeed } from './sizes.js';

/** Writes that change no book data when they succeed. */
const HARMLESS = [/^\/api\/session\/?([?#]|$)/, /^\/api\/dashboard\/(refresh|batch|realtime\/recalculate)\/?([?#]|$)/];

let tmp: ReturnType<typeof tempDir>;
let server: RunningServer;
let companies: number[];
let reader: BetterSqlite3.Database;

/** Every table's content, sorted by all its columns (rowids may move when rollups are rebuilt identically). */
function digest(): string {
  const hash = createHash('sha256');
  const tables = reader
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const t of tables) {
    const cols = reader.prepare(`SELECT count(*) FROM pragma_table_info('${t}')`).pluck().get() as number;
    const order = Array.from({ length: cols }, (_, i) => i + 1).join(', ');
    hash.update(t);
    for (const row of reader.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

function problemOf(req: { method: string; path: string; incomplete?: boolean }, ans: RawAnswer): string | null {
  // Node closes a CONNECT (a proxy request) without an answer when no 'connect' listener exists: nothing to parse.
  if (ans.status === 0) return req.incomplete || req.method === 'CONNECT' ? null : 'no answer';
  if (ans.status >= 500) return `status ${ans.status}: ${ans.body.toString().slice(0, 200)}`;
  if (ans.status === 101) return null;
  if (ans.status >= 400) {
    if (!/application\/json/.test(ans.headers['content-type'] ?? ''))
      return `error ${ans.status} with content-type ${ans.headers['content-type'] ?? 'none'}: ${ans.body.toString().slice(0, 200)}`;
    if (req.method === 'HEAD') return null;
    try {
      const e = (JSON.parse(ans.body.toString('utf8')) as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
      if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || typeof e.details !== 'object' || e.details === null)
        return `error ${ans.status} not in the error shape: ${ans.body.toString().slice(0, 200)}`;
      if (/\n\s+at /.test(e.message)) return `stack trace in ${ans.status}`;
    } catch {
      return `error ${ans.status} body is not JSON: ${ans.body.toString().slice(0, 200)}`;
    }
    return null;
  }
  if (
    ans.status >= 200 &&
    ans.status < 300 &&
    req.method !== 'HEAD' &&
    /application\/json/.test(ans.headers['content-type'] ?? '') &&
    !ans.cut
  ) {
    try {
      JSON.parse(ans.body.toString('utf8'));
    } catch {
      return `success ${ans.status} with a body that is not JSON`;
    }
  }
  if (ans.status >= 200 && ans.status < 300 && ['POST', 'PATCH', 'DELETE', 'PUT'].includes(req.method)) {
    const path = req.path;
    if (HARMLESS.some((r) => r.test(path))) return null;
    if (/^\/api\/import\//.test(path)) {
      const imported = (JSON.parse(ans.body.toString('utf8') || '{}') as { imported?: number }).imported;
      return imported === 0 ? null : `import accepted ${imported} rows of garbage`;
    }
    return `a malformed write was accepted (${ans.status})`;
  }
  return null;
}

beforeAll(async () => {
  tmp = tempDir('kira-fuzz-');
  const dbPath = tmp.path('kira.db');
  const store = Store.open(dbPath);
  companies = generateDemo(store, { companies: 2, expenses: 3_000, invoices: 300, seed: 11 }).companyIds;
  store.close();
  server = await startServer({
    dbPath,
    workers: 1,
    rendererDir: tmp.path('no-renderer'),
    // The fuzz aims at the parsers and handlers, not at the rate limiter (tested in test/service).
    rateLimit: { capacity: 1e9, perSecond: 1e9 },
  });
  reader = new BetterSqlite3(dbPath, { readonly: true });
});

afterAll(async () => {
  reader?.close();
  await server?.close();
  tmp?.cleanup();
});

describe('fuzzed input', () => {
  it(`answers ${SIZES.fuzzRequests} malformed requests with the error shape and changes nothing`, async () => {
    const seed = runSeed('fuzz');
    const rng = new Prng(seed);
    const before = digest();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const categories = new Map<string, number>();
    const BATCH = 200;
    const CONCURRENCY = 8;
    const started = Date.now();
    let digests = 0;
    for (let sent = 0; sent < SIZES.fuzzRequests && failures.length < 20; sent += BATCH) {
      const batch: FuzzRequest[] = [];
      for (let i = 0; i < Math.min(BATCH, SIZES.fuzzRequests - sent); i++)
        batch.push(generateRequest(rng, { port: server.port, token: server.token, companies }));
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < batch.length) {
            const req = batch[next++]!;
            const ans = await rawExchange(server.port, req.raw, { slow: req.slow, incomplete: req.incomplete });
            statuses.set(ans.status, (statuses.get(ans.status) ?? 0) + 1);
            const cat = req.label.split(' ')[0]!;
            categories.set(cat, (categories.get(cat) ?? 0) + 1);
            const problem = problemOf(req, ans);
            if (problem) failures.push(`${problem} ← ${req.label}`);
          }
        }),
      );
      const now = digest();
      digests++;
      if (now !== before) failures.push(`the books changed during requests ${sent}..${sent + batch.length}`);
      const health = await fetch(`${server.url}/api/dashboard/health`, { headers: { authorization: `Bearer ${server.token}` } });
      if (health.status !== 200) failures.push(`health ${health.status} after requests ${sent}..${sent + batch.length}`);
    }
    const hist = [...statuses.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    const cats = [...categories.entries()].map(([c, n]) => `${c} ${n}`).join(', ');
    console.log(
      `[fuzz] ${SIZES.fuzzRequests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (${cats}); statuses ${hist}; ${digests} digests equal; ${failures.length} problems`,
    );
    expect(failures, `seed ${seed}`).toEqual([]);
  }, 900_000);

  it(`refuses ${SIZES.csvFiles} malformed CSV files without writing anything`, async () => {
    const seed = runSeed('fuzz-csv');
    const rng = new Prng(seed);
    const before = digest();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < SIZES.csvFiles && failures.length < 20; i++) {
      const kind = rng.pick(['expenses', 'invoices'] as const);
      const body = generateCsv(rng, kind);
      const path = `/api/import/${kind}?company=${rng.pick(companies)}`;
      const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: ${rng.pick(['text/csv', 'application/octet-stream', 'text/plain'])}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      const ans = await rawExchange(server.port, Buffer.concat([Buffer.from(head, 'latin1'), body]));
      statuses.set(ans.status, (statuses.get(ans.status) ?? 0) + 1);
      const problem = problemOf({ method: 'POST', path }, ans);
      if (problem) failures.push(`${problem} ← file ${i} (${kind}): ${JSON.stringify(body.subarray(0, 200).toString('utf8'))}`);
    }
    if (digest() !== before) failures.push('the books changed');
    const hist = [...statuses.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    console.log(`[fuzz-csv] ${SIZES.csvFiles} malformed CSV files; statuses ${hist}; books unchanged: ${failures.length === 0}`);
    expect(failures, `seed ${seed}`).toEqual([]);
  }, 600_000);
});
