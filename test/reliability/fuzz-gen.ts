/**
 * Seeded generator of malformed requests for the fuzz suite: random paths and methods, query values of every
 * type and size, invalid/deep/huge JSON, wrong content types, huge headers, bad auth and Host/Origin, truncated
 * bodies, slow senders (bounded in time), raw garbage on the socket. Write bodies always carry an unknown field
 * and ids never name an existing row, so no generated write may be accepted: any 2xx write is a finding.
 */
import { ROUTES } from '../../src-engine/core/api/index.js';
import type { Prng } from '../../src-engine/core/prng.js';

export interface FuzzContext {
  port: number;
  token: string;
  companies: readonly number[];
}

export interface FuzzRequest {
  label: string;
  /** Sent over a raw socket exactly as given (request line, headers and body). */
  raw: Buffer;
  /** Send `raw` in pieces of this many bytes with a pause between them (slow sender), bounded overall. */
  slow?: { chunk: number; pauseMs: number };
  /** The request is deliberately incomplete: the client closes after sending; an answer is optional. */
  incomplete?: boolean;
  method: string;
  path: string;
}

const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'CONNECT'];
const PARAMS = [
  'company',
  'from',
  'to',
  'basis',
  'granularity',
  'periods',
  'page',
  'page_size',
  'sort',
  'order',
  'format',
  'kind',
  'status',
  'q',
  'category',
  'client_id',
  'reimbursable',
  'date_field',
  'last_event_id',
  'mode',
  'active',
  'id',
  '__proto__',
  'constructor',
  'body',
];
const UNKNOWN_FIELD = 'fuzz_unknown_field';
const NONEXISTENT_ID = 987_654_321;

function randomString(rng: Prng, max: number): string {
  const alphabets = [
    'abcdefghijklmnopqrstuvwxyz0123456789',
    '%&=?#/\\;:,+ ',
    '\'"<>`${}[]',
    'éü中文😀\u202e\u0000\u0007\ufeff',
    '0123456789.-eE',
  ];
  const len = rng.chance(0.05) ? rng.int(1000, max) : rng.int(0, 40);
  let s = '';
  const alphabet = rng.pick(alphabets);
  const chars = [...alphabet];
  for (let i = 0; i < len; i++) s += rng.pick(chars);
  return s;
}

function randomValue(rng: Prng): string {
  return rng.pick<() => string>([
    () => String(rng.int(-5, 5)),
    () => String(rng.pick([0, -1, 2 ** 31, 2 ** 53, 2 ** 64, 1e309, -1e309, 0.5, 1e-7])),
    () => rng.pick(['NaN', 'Infinity', '-0', '0x10', '1e3', '01', ' 1', '1 ', 'true', 'false', 'null', 'undefined', '[]', '{}']),
    () => rng.pick(['2024-02-30', '2024-13-01', '0000-00-00', '9999-12-31', '2024-1-1', '1900-01-01', '2024-03-20T00:00:00Z', '20240320']),
    () => rng.pick(["' OR 1=1 --", '1; DROP TABLE expenses', '../../etc/passwd', '%00', '%ff%fe', '%', '%%', '\\u0000', '<script>']),
    () => randomString(rng, 20_000),
    () => String(NONEXISTENT_ID),
    () => rng.pick(['day', 'week', 'month', 'quarter', 'year', 'accrual', 'cash', 'csv', 'json', 'asc', 'desc', 'paid', 'overdue']),
  ])();
}

function randomPath(rng: Prng): string {
  // Benchmark routes start long load runs against the service itself (their own tests cover them).
  const routes = Object.values(ROUTES)
    .map((r) => r.path)
    .filter((p) => !p.startsWith('/api/bench'));
  const extra = [
    '/api/session',
    '/api/dashboard/streaming/aggregate',
    '/api/dashboard/ws',
    '/',
    '/index.html',
    '/api',
    '/api/',
    '/assets/x.js',
    '*',
  ];
  if (rng.chance(0.15)) {
    let p = '';
    for (let i = rng.int(0, 6); i > 0; i--)
      p += '/' + encodeURIComponent(randomString(rng, 300)).replace(/%2F/g, rng.chance(0.5) ? '/' : '%2F');
    return rng.chance(0.5) ? `/api${p}` : p || '/';
  }
  let path = rng.chance(0.85) ? rng.pick(routes) : rng.pick(extra);
  path = path.replace(':id', () =>
    rng.pick([String(NONEXISTENT_ID), '0', '-1', 'abc', '1.5', '9'.repeat(30), '%20', encodeURIComponent(randomValue(rng))]),
  );
  if (rng.chance(0.1)) path += rng.pick(['/', '//', '/..', '/%2e%2e', '?', '#frag', '/extra']);
  return path;
}

function randomQuery(rng: Prng, companies: readonly number[]): string {
  const parts: string[] = [];
  if (rng.chance(0.7)) parts.push(`company=${rng.chance(0.6) ? rng.pick(companies) : encodeURIComponent(randomValue(rng))}`);
  for (let i = rng.int(0, 5); i > 0; i--) {
    const name = rng.chance(0.85) ? rng.pick(PARAMS) : encodeURIComponent(randomString(rng, 200));
    const value = rng.chance(0.1) ? randomValue(rng) : encodeURIComponent(randomValue(rng));
    parts.push(rng.chance(0.05) ? name : `${name}=${value}`);
    if (rng.chance(0.1)) parts.push(`${name}=${encodeURIComponent(randomValue(rng))}`); // repeated key → array
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function deepJson(rng: Prng): string {
  const depth = rng.pick([50, 500, 5_000, 50_000]);
  return rng.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function randomBody(rng: Prng): { type: string; body: Buffer } {
  const obj: Record<string, unknown> = { [UNKNOWN_FIELD]: true };
  for (let i = rng.int(0, 6); i > 0; i--) {
    const key = rng.chance(0.8)
      ? rng.pick([
          'date',
          'category',
          'amount',
          'description',
          'client_id',
          'name',
          'lines',
          'status',
          'paid_date',
          'issue_date',
          'requests',
          'email',
          '__proto__',
          'constructor',
        ])
      : randomString(rng, 100);
    obj[key] = rng.pick<() => unknown>([
      () => randomValue(rng),
      () => rng.int(-1e9, 1e9),
      () => null,
      () => [],
      () => [{ description: randomValue(rng), quantity: randomValue(rng), unit_price: rng.int(-10, 1e12) }],
      () => ({ nested: { [UNKNOWN_FIELD]: 1 } }),
      () => rng.chance(0.5),
      () => 1e308 * 10,
    ])();
  }
  const kind = rng.weighted(['object', 'invalid', 'deep', 'huge', 'scalar', 'empty', 'binary'], [40, 15, 10, 4, 10, 8, 5]);
  let text: string;
  if (kind === 'object') text = JSON.stringify(obj);
  else if (kind === 'invalid') {
    const s = JSON.stringify(obj);
    text = rng.pick([
      s.slice(0, rng.int(0, s.length - 1)),
      s + ',',
      `{${s}}`,
      "{'a':1}",
      '{"a":1,}',
      'NaN',
      '{"a":01}',
      '\ufeff' + s,
      s.replace(/"/g, ''),
    ]);
  } else if (kind === 'deep') text = deepJson(rng);
  else if (kind === 'huge') text = JSON.stringify({ [UNKNOWN_FIELD]: 'x'.repeat(rng.pick([1_048_000, 1_100_000, 3_000_000])) });
  else if (kind === 'scalar') text = rng.pick(['[]', '"x"', '42', 'null', 'true', '[{"a":1}]']);
  else if (kind === 'empty') text = '';
  else {
    const bytes = Buffer.alloc(rng.int(1, 4096));
    for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
    return { type: rng.pick(['application/json', 'application/octet-stream', 'text/csv']), body: bytes };
  }
  const type = rng.weighted(
    [
      'application/json',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/csv',
      'application/xml',
      '',
      'application/json;;;',
    ],
    [60, 4, 8, 6, 4, 6, 4, 4, 4],
  );
  return { type, body: Buffer.from(text, 'utf8') };
}

export function generateRequest(rng: Prng, ctx: FuzzContext): FuzzRequest {
  const category = rng.weighted(['route', 'path', 'garbage', 'headers', 'truncated', 'slow'], [70, 12, 4, 8, 4, 2]);
  const method = category === 'route' ? rng.weighted(METHODS, [40, 30, 10, 8, 3, 3, 2, 1, 1, 2]) : rng.pick(METHODS);
  const path = randomPath(rng) + (rng.chance(0.75) ? randomQuery(rng, ctx.companies) : '');
  if (category === 'garbage') {
    const raw = rng.pick([
      Buffer.from(`${randomString(rng, 2000)}\r\n\r\n`),
      Buffer.from(`GET ${path} HTTP/9.9\r\nHost: 127.0.0.1:${ctx.port}\r\n\r\n`),
      Buffer.from(`GET ${path}\r\n\r\n`),
      Buffer.from(`GET /api/companies HTTP/1.1\r\nHost: 127.0.0.1:${ctx.port}\r\nContent-Length: -5\r\n\r\n`),
      Buffer.from(
        `POST /api/expenses HTTP/1.1\r\nHost: 127.0.0.1:${ctx.port}\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nzz\r\n`,
      ),
      Buffer.from(`GET /api/companies HTTP/1.1\r\nHost: 127.0.0.1:${ctx.port}\r\nBad Header Line\r\n\r\n`),
      Buffer.from(`\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03`),
    ]);
    return { label: 'garbage', raw, method: 'RAW', path, incomplete: true };
  }
  const headers: [string, string][] = [];
  const hostChoice = rng.weighted(['ok', 'localhost', 'foreign', 'missing', 'port'], [85, 5, 4, 3, 3]);
  if (hostChoice === 'ok') headers.push(['Host', `127.0.0.1:${ctx.port}`]);
  else if (hostChoice === 'localhost') headers.push(['Host', `localhost:${ctx.port}`]);
  else if (hostChoice === 'foreign')
    headers.push(['Host', rng.pick(['attacker.test', `evil.example:${ctx.port}`, '127.0.0.1', `127.0.0.1:${ctx.port + 1}`])]);
  else if (hostChoice === 'port') headers.push(['Host', `127.0.0.1:${randomValue(rng).replace(/[\r\n]/g, '')}`]);
  const auth = rng.weighted(['ok', 'none', 'wrong', 'weird', 'cookie'], [80, 6, 6, 4, 4]);
  if (auth === 'ok') headers.push(['Authorization', `Bearer ${ctx.token}`]);
  else if (auth === 'wrong') headers.push(['Authorization', `Bearer ${ctx.token.slice(0, -1)}x`]);
  else if (auth === 'weird')
    headers.push([
      'Authorization',
      rng.pick([`bearer ${ctx.token}`, `Bearer  ${ctx.token} `, 'Bearer', `Basic ${ctx.token}`, `Bearer ${'a'.repeat(5000)}`]),
    ]);
  else if (auth === 'cookie') headers.push(['Cookie', rng.pick([`kira_session=${ctx.token}`, 'kira_session=', 'kira_session', ';;;=;'])]);
  if (rng.chance(0.04))
    headers.push([
      'Origin',
      rng.pick(['http://attacker.test', 'null', `http://127.0.0.1:${ctx.port}`, `http://localhost:${ctx.port + 1}`]),
    ]);
  if (rng.chance(0.05)) headers.push(['Cache-Control', 'no-cache']);
  if (rng.chance(0.03)) headers.push(['If-None-Match', rng.pick(['*', '"x"', 'W/"x"', randomString(rng, 100)])]);
  if (rng.chance(0.02)) headers.push(['Last-Event-ID', randomValue(rng).replace(/[\r\n]/g, '')]);
  if (category === 'headers') {
    const size = rng.pick([100, 8_000, 17_000, 70_000]);
    if (rng.chance(0.5)) headers.push(['X-Fuzz', 'h'.repeat(size)]);
    else for (let i = 0; i < rng.int(10, 300); i++) headers.push([`X-Fuzz-${i}`, 'v'.repeat(rng.int(1, 200))]);
  }
  let body: Buffer | null = null;
  if (['POST', 'PATCH', 'PUT', 'DELETE'].includes(method) ? rng.chance(0.85) : rng.chance(0.05)) {
    const b = randomBody(rng);
    body = b.body;
    if (b.type) headers.push(['Content-Type', b.type]);
  }
  const incomplete = category === 'truncated';
  if (body) headers.push(['Content-Length', String(incomplete ? body.length + rng.int(1, 1000) : body.length)]);
  else if (incomplete) headers.push(['Content-Length', String(rng.int(1, 1000))]);
  headers.push(['Connection', 'close']);
  const head = `${method} ${path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  const raw = Buffer.concat([Buffer.from(head, 'latin1'), body ?? Buffer.alloc(0)]);
  const label = `${category} ${method} ${path.slice(0, 120)}`;
  if (category === 'slow') return { label, raw, method, path, slow: { chunk: rng.int(1, 64), pauseMs: rng.int(5, 40) } };
  return { label, raw, method, path, incomplete };
}

/** A malformed CSV for the import routes: always at least one bad row, so an all-or-nothing import writes nothing. */
export function generateCsv(rng: Prng, kind: 'expenses' | 'invoices'): Buffer {
  const header =
    kind === 'expenses'
      ? rng.pick([
          'date,category,description,amount,reimbursable,client',
          'Date, Category ,AMOUNT',
          '\ufeffdate,category,amount',
          'date;category;amount',
          'amount',
          '',
          'date,date,category,amount',
        ])
      : rng.pick(['number,client,status,issue_date,due_date,paid_date,subtotal,tax_rate,tax,total', 'number,client,status', '']);
  const lines = [header];
  const goodExpense = () => `2024-0${rng.int(1, 9)}-1${rng.int(0, 9)},travel,taxi,${rng.int(1, 999)}.50,no,`;
  const bad = () =>
    rng.pick([
      '2024-02-30,travel,x,1.00',
      '2024-01-01,not-a-category,x,1.00',
      '2024-01-01,travel,x,-1',
      '2024-01-01,travel,x,1.001',
      '2024-01-01,travel,x,1e9999',
      '"unterminated,quote',
      'a,b,c,d,e,f,g,h,i,j,k',
      '2024-01-01,travel,' + 'x'.repeat(70_000) + ',1',
      '2024-01-01,travel,x,abc',
      ',,,,',
      '"a""b",c',
      'INV-2024-0001,Client,paid,2024-01-01,2024-01-31,,100.00,6.00,6.00,106.00',
      'INV-x,C,sent,2024-02-01,2024-01-01,,1,,0,2',
      '=cmd|calc!A0,travel,x,1',
    ]);
  for (let i = rng.int(0, 50); i > 0; i--) lines.push(rng.chance(0.6) && kind === 'expenses' ? goodExpense() : bad());
  // The guaranteed bad row comes first and is bad from its first byte, so even a truncated file keeps it (or has no rows).
  lines.splice(1, 0, kind === 'expenses' ? 'not-a-date,travel,x,1.00' : 'X,Client,not-a-status,2024-01-01,2024-01-31,,1.00,,0.00,1.00');
  let text = lines.join(rng.pick(['\n', '\r\n', '\r']));
  if (rng.chance(0.1)) text = text.slice(0, rng.int(0, text.length));
  const buf = Buffer.from(text, 'utf8');
  if (rng.chance(0.08)) buf[rng.int(0, Math.max(0, buf.length - 1))] = rng.pick([0x00, 0xff, 0xc3]);
  if (rng.chance(0.04)) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return buf;
}
