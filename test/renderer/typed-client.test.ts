/**
 * The renderer's client against a real engine: one server (real SQLite file, real HTTP on a loopback port), called
 * through the HTTP transport (fetch, as the browser tab) and through the IPC transport over the engine's own IPC
 * dispatcher (as the Electron window, minus Electron). Both answer the contract's one shape, errors keep the
 * service's message, and a refused batch is shown, not retried view by view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerName } from '../../src-engine/core/api/index.js';
import type { KiraBridge } from '../../src-renderer/src/client/bridge.js';
import { KiraClient } from '../../src-renderer/src/client/client.js';
import { createHttpTransport } from '../../src-renderer/src/client/http-transport.js';
import { createIpcTransport } from '../../src-renderer/src/client/ipc-transport.js';
import { ApiError, type Transport } from '../../src-renderer/src/client/types.js';
import { lineProblems } from '../../src-renderer/src/format/import-report.js';
import { useDashboard } from '../../src-renderer/src/state/dashboard.js';
import { startFixture, type Fixture } from '../service/helpers.js';

let f: Fixture;
let http: KiraClient;
let ipc: KiraClient;

beforeAll(async () => {
  f = await startFixture({ warm: false });
  const server = f.server;
  const bridge: KiraBridge = {
    transport: 'ipc',
    invoke: (name, input) => server.ipc.invoke(name, input),
    onLive: () => () => {},
    subscribe: (company) => Promise.resolve({ status: 200, body: { company } }),
  };
  http = new KiraClient(createHttpTransport(server.token, server.url));
  ipc = new KiraClient(createIpcTransport(bridge));
});
afterAll(() => f.close());

/** A transport that counts the calls it carries (to prove nothing is retried behind the user's back). */
function counting(t: Transport): { transport: Transport; names: HandlerName[] } {
  const names: HandlerName[] = [];
  return {
    names,
    transport: {
      ...t,
      call: (name, input) => {
        names.push(name);
        return t.call(name, input);
      },
    },
  };
}

describe('both transports answer the contract', () => {
  it('a view reads the same typed figures over HTTP and IPC', async () => {
    const q = { company: f.ids.a, from: '2024-03-01', to: '2024-03-20' };
    const [a, b] = await Promise.all([http.overview(q), ipc.call('dashboard.overview', q)]);
    expect(a.expenses.value).toBe(10_000);
    expect(b.expenses.value).toBe(10_000);
    expect(b.period).toEqual(a.period);
  });

  it('an export is the same file (name, type, text) over HTTP as over IPC, with no guessing', async () => {
    const q = { company: f.ids.a, from: '2024-03-01', to: '2024-03-20', kind: 'transactions' as const, format: 'csv' as const };
    const [a, b] = await Promise.all([http.call('dashboard.export', q), ipc.call('dashboard.export', q)]);
    expect(a.filename).toMatch(/\.csv$/);
    expect(a.content).toContain('taxi');
    expect(a.content_type).toMatch(/^text\/csv/);
    expect([b.filename, b.content]).toEqual([a.filename, a.content]);
    const file = await http.download(q);
    expect([file.filename, await file.blob.text()]).toEqual([a.filename, a.content]);
  });

  it("a refusal keeps the service's code and message", async () => {
    for (const c of [http, ipc]) {
      const e: unknown = await c.call('dashboard.overview', { company: f.ids.a, from: '2024-02-30' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApiError);
      expect(e).toMatchObject({ status: 400 });
      expect((e as ApiError).message).not.toMatch(/Request failed/);
    }
  });
});

describe('imports read the one shape the engine returns', () => {
  it('line errors come from the result; a refused file resolves with the readable message', async () => {
    const bad = 'date,category,description,amount\n2024-03-02,travel,ok,5.00\n2024-02-30,travel,bad date,5.00\n';
    const r = await ipc.importCsv('expenses', f.ids.a, bad, () => {});
    if (!r.ok) throw r.error;
    expect(r.value.imported).toBe(0);
    expect(lineProblems(r.value.errors)).toEqual([expect.objectContaining({ line: 3, column: 'date' })]);

    const empty = await ipc.importCsv('expenses', f.ids.a, '', () => {});
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.message).toMatch(/empty/);
  });
});

describe('a refused batch', () => {
  it('shows the 401 on every view and fires no other call', async () => {
    const { transport, names } = counting(createHttpTransport('not-the-token', f.server.url));
    const wrong = new KiraClient(transport);
    const e: unknown = await wrong.companies().catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 401 });
    const message = (e as ApiError).message;
    expect(message).not.toMatch(/Request failed/);

    names.length = 0;
    const q = { company: f.ids.a, range: { from: '2024-03-01', to: '2024-03-20' }, basis: 'accrual' as const, granularity: 'day' as const };
    await useDashboard.getState().load(wrong, q);
    expect(names).toEqual(['dashboard.batch']);
    const { errors } = useDashboard.getState();
    expect(Object.keys(errors).sort()).toEqual(['breakdown', 'cashTrends', 'overview', 'realtime', 'stats', 'trends']);
    expect(new Set(Object.values(errors))).toEqual(new Set([message]));
  });
});
