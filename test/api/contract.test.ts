/**
 * The contract (src-engine/core/api/) is what the engine serves: routes, validation schemas and success statuses
 * are read from the declarations, results are typed by them (compile-time checks below fail `npm run typecheck`),
 * and a real server answers with the declared status and shape.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { API, HANDLER_NAMES, ROUTES, type ApiInput, type ApiResult, type HandlerName } from '../../src-engine/core/api/index.js';
import type { Client, Invoice } from '../../src-engine/core/domain.js';
import type { ImportFileResult, ImportResult } from '../../src-engine/core/import/types.js';
import type { RecalculationResult } from '../../src-engine/core/recalculation.js';
import type { OverviewResult } from '../../src-engine/core/views/types.js';
import type { PlainHandler } from '../../src-engine/service/api/handler-types.js';
import { registered } from '../../src-engine/service/api/registry.js';
import { SCHEMAS } from '../../src-engine/service/api/schemas.js';
import { validateInput } from '../../src-engine/service/api/validate.js';
import { startFixture, type Fixture } from '../service/helpers.js';

describe('what is derived from the declarations', () => {
  it('every handler is registered with its declared route, schema and status', () => {
    expect(HANDLER_NAMES.length).toBeGreaterThanOrEqual(48);
    for (const name of HANDLER_NAMES) {
      const r = registered(name);
      expect(ROUTES[name]).toEqual({ method: API[name].method, path: API[name].path, cached: API[name].cached });
      expect(SCHEMAS[name]).toBe(API[name].input);
      expect(r.schema).toBe(API[name].input);
      expect(r.status).toBe(API[name].status);
      // Only views are cached, and a view is served through the cache.
      expect(r.cached, name).toBe(API[name].cached);
    }
  });

  it('no two handlers share a method and path', () => {
    const keys = HANDLER_NAMES.map((n) => `${ROUTES[n].method} ${ROUTES[n].path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('validates with the declared bounds, without coercion', () => {
    expect(validateInput('dashboard.trends', { periods: '120' })).toEqual({ periods: 120 });
    expect(() => validateInput('dashboard.trends', { periods: '121' })).toThrow(/periods must be <= 120/);
    expect(() => validateInput('reports.aging', { detail: 'yes' })).toThrow(/detail must be boolean/);
    // A run id: path text over HTTP, the history's number over IPC; anything else is refused by its pattern.
    expect(validateInput('bench.get', { id: 7 })).toEqual({ id: 7 });
    expect(validateInput('bench.get', { id: 'run-3' })).toEqual({ id: 'run-3' });
    expect(() => validateInput('bench.get', { id: 'abc' })).toThrow(/^id must match pattern/);
    expect(() => validateInput('bench.get', { id: 0 })).toThrow(/^id must/);
    expect(() => validateInput('import.match', { body: { invoice_id: 1, date: '2024-01-01', amount: '5', key: 'k' } })).toThrow(
      /amount must be integer/,
    );
  });
});

describe('types derived from the declarations (checked by tsc)', () => {
  it('no handler result is unknown', () => {
    type UnknownResults = { [N in HandlerName]: unknown extends ApiResult<N> ? N : never }[HandlerName];
    expectTypeOf<UnknownResults>().toEqualTypeOf<never>();
  });

  it('results and inputs are the engine types', () => {
    expectTypeOf<ApiResult<'clients.list'>['items']>().toEqualTypeOf<Client[]>();
    expectTypeOf<ApiResult<'quotes.convert'>>().toEqualTypeOf<Invoice>();
    expectTypeOf<ApiResult<'dashboard.overview'>>().toEqualTypeOf<OverviewResult>();
    expectTypeOf<ApiResult<'import.expenses'>>().toEqualTypeOf<ImportResult>();
    expectTypeOf<ApiResult<'import.statement'>>().toEqualTypeOf<ImportFileResult>();
    expectTypeOf<ApiResult<'dashboard.realtimeRecalculate'>>().toEqualTypeOf<RecalculationResult>();
    expectTypeOf<ApiResult<'clients.delete'>>().toEqualTypeOf<{ id: number; deleted: true }>();
    expectTypeOf<ApiInput<'clients.create'>['body']['name']>().toEqualTypeOf<string>();
    expectTypeOf<ApiInput<'clients.update'>['body']['name']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ApiInput<'dashboard.trends'>['granularity']>().toEqualTypeOf<'day' | 'week' | 'month' | 'quarter' | 'year' | undefined>();
    expectTypeOf<ApiInput<'invoices.status'>['body']['status']>().toEqualTypeOf<Invoice['status']>();
  });

  it('a handler answering another shape does not compile', () => {
    const wrong: PlainHandler<'clients.delete'> = {
      kind: 'plain',
      // @ts-expect-error -- `deleted` is declared as the literal true
      handle: (_ctx, input) => ({ id: input.id, deleted: false }),
    };
    expect(wrong.kind).toBe('plain');
  });
});

describe('a real server answers as declared', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  const call = (name: HandlerName, path: string, body?: unknown) =>
    fetch(f.server.url + path, {
      method: API[name].method,
      headers: { authorization: `Bearer ${f.server.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('with the declared success status and result fields', async () => {
    const created = await call('clients.create', `/api/clients?company=${f.ids.a}`, { name: 'Contract Ltd' });
    expect(created.status).toBe(API['clients.create'].status);
    const client = (await created.json()) as ApiResult<'clients.create'>;
    expect(client.name).toBe('Contract Ltd');

    const deleted = await call('clients.delete', `/api/clients/${client.id}?company=${f.ids.a}`);
    expect(deleted.status).toBe(API['clients.delete'].status);
    expect((await deleted.json()) as ApiResult<'clients.delete'>).toEqual({ id: client.id, deleted: true });

    const list = await call('clients.list', `/api/clients?company=${f.ids.a}&page_size=2`);
    expect(list.status).toBe(200);
    expect(Object.keys((await list.json()) as ApiResult<'clients.list'>).sort()).toEqual(['items', 'page', 'page_size', 'total']);
  });
});
