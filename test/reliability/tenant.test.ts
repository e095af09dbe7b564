/**
 * Tenant isolation as a property (fast-check): for random companies and parameters, no answer for company A
 * carries an id, name, document number or row amount that exists only in another company.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-engine/data/index.js';
import { startServer, type RunningServer } from '../../src-engine/service/root/server.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { SIZES, runSeed } from './sizes.js';

const TABLES = ['clients', 'invoices', 'quotes', 'expenses'] as const;
type Table = (typeof TABLES)[number];

interface Owned {
  ids: Record<Table, Set<number>>;
  strings: Set<string>;
  amounts: Set<number>;
}

let tmp: ReturnType<typeof tempDir>;
let server: RunningServer;
let companies: number[] = [];
const owned = new Map<number, Owned>();

function collect(store: Store, company: number): Owned {
  const db = store.db;
  const ids = Object.fromEntries(
    TABLES.map((t) => [t, new Set(db.prepare(`SELECT id FROM ${t} WHERE company_id = ?`).pluck().all(company) as number[])]),
  ) as Record<Table, Set<number>>;
  const strings = new Set<string>([
    ...(db.prepare('SELECT name FROM clients WHERE company_id = ?').pluck().all(company) as string[]),
    ...(db.prepare('SELECT number FROM invoices WHERE company_id = ?').pluck().all(company) as string[]),
    ...(db.prepare('SELECT number FROM quotes WHERE company_id = ?').pluck().all(company) as string[]),
    ...(db.prepare('SELECT name FROM companies WHERE id = ?').pluck().all(company) as string[]),
  ]);
  const amounts = new Set<number>([
    ...(db.prepare('SELECT amount FROM expenses WHERE company_id = ?').pluck().all(company) as number[]),
    ...(db.prepare('SELECT total FROM invoices WHERE company_id = ?').pluck().all(company) as number[]),
  ]);
  return { ids, strings, amounts };
}

/** What exists in some other company and nowhere in `a`. */
function onlyOthers(a: number): Owned {
  const mine = owned.get(a)!;
  const out: Owned = {
    ids: Object.fromEntries(TABLES.map((t) => [t, new Set<number>()])) as Record<Table, Set<number>>,
    strings: new Set(),
    amounts: new Set(),
  };
  for (const [c, o] of owned) {
    if (c === a) continue;
    for (const t of TABLES) for (const id of o.ids[t]) if (!mine.ids[t].has(id)) out.ids[t].add(id);
    for (const s of o.strings) if (!mine.strings.has(s)) out.strings.add(s);
    for (const n of o.amounts) if (!mine.amounts.has(n)) out.amounts.add(n);
  }
  return out;
}

beforeAll(async () => {
  tmp = tempDir('kira-tenant-');
  const dbPath = tmp.path('kira.db');
  const store = Store.open(dbPath);
  companies = generateDemo(store, { companies: 3, expenses: 3_000, invoices: 400, seed: 21 }).companyIds;
  for (const c of companies) owned.set(c, collect(store, c));
  store.close();
  server = await startServer({ dbPath, workers: 0, rendererDir: tmp.path('none'), rateLimit: { capacity: 1e9, perSecond: 1e9 } });
});

afterAll(async () => {
  await server?.close();
  tmp?.cleanup();
});

const LISTS: Record<string, Table> = {
  '/api/clients': 'clients',
  '/api/invoices': 'invoices',
  '/api/quotes': 'quotes',
  '/api/expenses': 'expenses',
};
const VIEWS = [
  '/api/dashboard/overview',
  '/api/dashboard/stats',
  '/api/dashboard/kpis',
  '/api/dashboard/breakdown',
  '/api/dashboard/trends',
  '/api/dashboard/clients',
  '/api/dashboard/projections',
  '/api/dashboard/realtime/aggregate',
  '/api/dashboard/export',
];

function leaks(value: unknown, foreign: Owned, table: Table | null, found: string[], path = '$', inItem = false): void {
  if (typeof value === 'string') {
    if (foreign.strings.has(value)) found.push(`${path} = "${value}"`);
    for (const line of value.split('\n'))
      for (const cell of line.split(',')) if (foreign.strings.has(cell)) found.push(`${path} contains "${cell}"`);
    return;
  }
  if (Array.isArray(value))
    return value.forEach((v, i) => leaks(v, foreign, table, found, `${path}[${i}]`, inItem || path.endsWith('.items')));
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = `${path}.${k}`;
      if (typeof v === 'number') {
        if (k === 'client_id' && foreign.ids.clients.has(v)) found.push(`${p} = ${v}`);
        if ((k === 'invoice_id' || k === 'converted_invoice_id') && foreign.ids.invoices.has(v)) found.push(`${p} = ${v}`);
        if (k === 'quote_id' && foreign.ids.quotes.has(v)) found.push(`${p} = ${v}`);
        // A list item's own id and amount (not its lines') belong to the listed table.
        const top = inItem && /^\$\.items\[\d+\]$/.test(path);
        if (top && table && k === 'id' && foreign.ids[table].has(v)) found.push(`${p} = ${v}`);
        if (top && (k === 'amount' || k === 'total') && foreign.amounts.has(v)) found.push(`${p} = ${v}`);
      } else leaks(v, foreign, table, found, p, inItem);
    }
  }
}

describe('tenant isolation', () => {
  it(`no answer for one company carries another company's ids, names, numbers or amounts (${SIZES.tenantRuns} runs)`, async () => {
    const seed = runSeed('tenant');
    const arb = fc.record({
      company: fc.constantFrom(...companies),
      route: fc.constantFrom(...Object.keys(LISTS), ...VIEWS),
      page: fc.integer({ min: 1, max: 5 }),
      pageSize: fc.constantFrom(10, 50, 100),
      from: fc.date({ min: new Date('2023-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
      days: fc.integer({ min: 0, max: 800 }),
      q: fc.constantFrom('', 'a', 'Sdn', 'e'),
    });
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(arb, async ({ company, route, page, pageSize, from, days, q }) => {
        const f = from.toISOString().slice(0, 10);
        const t = new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
        const table = LISTS[route] ?? null;
        const params = table
          ? `company=${company}&page=${page}&page_size=${pageSize}${route === '/api/clients' && q ? `&q=${q}` : ''}`
          : route.endsWith('realtime/aggregate')
            ? `company=${company}`
            : `company=${company}&from=${f}&to=${t}${route.endsWith('export') ? '&format=json&kind=transactions' : ''}`;
        const res = await fetch(`${server.url}${route}?${params}`, { headers: { authorization: `Bearer ${server.token}` } });
        const text = await res.text();
        if (res.status !== 200) {
          expect([400, 404, 422], `${route}?${params}: ${text}`).toContain(res.status);
          return;
        }
        const body: unknown = /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
        const found: string[] = [];
        leaks(body, onlyOthers(company), table, found);
        expect(found, `${route}?${params}`).toEqual([]);
        checked++;
      }),
      { seed, numRuns: SIZES.tenantRuns },
    );
    console.log(`[tenant] ${SIZES.tenantRuns} random requests, ${checked} answers scanned, no foreign value`);
    expect(checked).toBeGreaterThan(0);
  });
});
