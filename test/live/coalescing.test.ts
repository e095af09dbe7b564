import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../src-engine/store/changes.js';
import { aggregateOf, openSse, startLiveServer, today, type LiveServer } from './harness.js';

const PATH = '/api/dashboard/streaming/aggregate?company=1';
let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `rows` expenses of 1 sen each in one transaction, published as one batch (as the importer does). */
function importBatch(s: LiveServer, rows: number): void {
  const date = today();
  const insert = s.store.db.prepare("INSERT INTO expenses (company_id, date, category, amount) VALUES (1, ?, 'other', 1)");
  s.store.write(() => {
    for (let i = 0; i < rows; i++) insert.run(date);
    const change: ChangeEvent = { companyId: 1, tables: ['expenses'], dates: [date], source: 'import', rows };
    return { result: undefined, change };
  });
}

describe('coalescing: bursts become few updates ending with the final numbers', () => {
  it('a synchronous burst of 10,000 published changes yields one update', async () => {
    server = await startLiveServer();
    const c = await openSse(server, PATH);
    await c.waitFor((e) => e.event === 'aggregate', 'first aggregate');
    const before = c.events.length;
    importBatch(server, 10_000);
    // …and 10,000 more published changes in the same tick, as a chatty writer would.
    for (let i = 0; i < 10_000; i++)
      server.store.changes.publish({ companyId: 1, tables: ['expenses'], dates: [today()], source: 'write', rows: 1 });
    await c.aggregate((a) => a.metrics.daily_expenses.value === 10_000, 'expenses 10,000');
    // The marker is numbered after anything the burst produced, so everything before it has arrived.
    server.hub.publishProgress(1, 'import-progress', { kind: 'statement', done: true });
    await c.waitFor((e) => e.event === 'import-progress', 'the marker');
    const updates = c.events.slice(before).filter((e) => e.event === 'aggregate');
    expect(updates).toHaveLength(1);
    await c.close();
  });

  it('an import of 100,000 rows in 100 batches yields at most one update per window, the last one final', async () => {
    const windowMs = 250;
    server = await startLiveServer({ hub: { windowMs } });
    const c = await openSse(server, PATH);
    await c.waitFor((e) => e.event === 'aggregate', 'first aggregate');
    const before = c.events.length;
    const started = performance.now();
    for (let b = 0; b < 100; b++) {
      importBatch(server, 1_000);
      await new Promise((r) => setImmediate(r)); // the importer yields between batches (stream reads)
    }
    const elapsed = performance.now() - started;
    await c.aggregate((a) => a.metrics.daily_expenses.value === 100_000, 'expenses 100,000');
    server.hub.publishProgress(1, 'import-progress', { kind: 'statement', done: true });
    await c.waitFor((e) => e.event === 'import-progress', 'the marker');
    const updates = c.events.slice(before).filter((e) => e.event === 'aggregate');
    // Leading update + one per elapsed window + the trailing one: a bound from the measured duration, not a timing assertion.
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / windowMs) + 2);
    expect(updates.length).toBeLessThan(100);
    expect(aggregateOf(updates.at(-1)!).metrics.daily_expenses.value).toBe(100_000);
    // Numbers only grow during the import: no stale update after a newer one.
    const values = updates.map((e) => aggregateOf(e).metrics.daily_expenses.value);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    await c.close();
  });

  it('a write that moves no figure pushes nothing', async () => {
    server = await startLiveServer();
    const c = await openSse(server, PATH);
    await c.waitFor((e) => e.event === 'aggregate', 'first aggregate');
    const before = c.events.length;
    server.store.changes.publish({ companyId: 1, tables: ['clients'], dates: [], source: 'write', rows: 1 });
    server.hub.publishProgress(1, 'import-progress', { kind: 'statement', done: true });
    await c.waitFor((e) => e.event === 'import-progress', 'the marker');
    expect(c.events.slice(before).map((e) => e.event)).toEqual(['import-progress']);
    await c.close();
  });
});
