import { afterEach, describe, expect, it } from 'vitest';
import type { LiveAlert } from '../../src-engine/core/live/index.js';
import { addClient, addExpense, addInvoice, openSse, startLiveServer, type LiveServer, type SseClient } from './harness.js';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Run a write, wait for the expenses figure it produces, then return the alert ids pushed by that update. */
async function alertsAfter(s: LiveServer, c: SseClient, write: () => void, expenses: number, marker: number): Promise<string[]> {
  const from = c.events.length;
  write();
  await c.aggregate((a) => a.metrics.daily_expenses.value === expenses && a.metrics.daily_revenue.value >= 0, `expenses ${expenses}`);
  // Alerts of an update are numbered right after it; the marker comes after them.
  s.hub.publishProgress(1, 'import-progress', { kind: 'statement', stage: 'write', done: marker, total: marker });
  await c.waitFor((e) => e.event === 'import-progress' && (e.data as { done: number }).done === marker, `marker ${marker}`, from);
  return c.events
    .slice(from)
    .filter((e) => e.event === 'alert')
    .map((e) => (e.data as LiveAlert).id);
}

describe('alerts: pushed when they appear or change, not repeated while unchanged', () => {
  it('announces profit-negative once, stays quiet while it holds, and again after it cleared', async () => {
    server = await startLiveServer();
    const s = server;
    const client = addClient(s.store, 1);
    const c = await openSse(s, '/api/dashboard/streaming/aggregate?company=1');
    await c.waitFor((e) => e.event === 'aggregate', 'first aggregate');

    expect(await alertsAfter(s, c, () => addExpense(s.store, 1, 500), 500, 1)).toEqual(['profit-negative']);
    expect(await alertsAfter(s, c, () => addExpense(s.store, 1, 300), 800, 2)).toEqual([]);
    // Revenue above expenses clears the critical alert and raises revenue-up.
    const before = c.events.length;
    addInvoice(s.store, 1, client, 10_000);
    await c.aggregate((a) => a.metrics.daily_revenue.value === 10_000, 'revenue 10,000');
    s.hub.publishProgress(1, 'import-progress', { kind: 'statement', stage: 'write', done: 3, total: 3 });
    await c.waitFor((e) => e.event === 'import-progress' && (e.data as { done: number }).done === 3, 'marker 3', before);
    expect(
      c.events
        .slice(before)
        .filter((e) => e.event === 'alert')
        .map((e) => (e.data as LiveAlert).id),
    ).toEqual(['revenue-up']);

    expect(await alertsAfter(s, c, () => addExpense(s.store, 1, 20_000), 20_800, 4)).toEqual(['profit-negative']);
    await c.close();
  });
});
