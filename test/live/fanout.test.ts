import { afterEach, describe, expect, it } from 'vitest';
import type { RealtimeResult } from '../../src-engine/core/views/types.js';
import { addExpense, aggregateOf, openSse, openWs, startLiveServer, type LiveServer, type SseClient, type WsClient } from './harness.js';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fan-out: 200 subscribers across two companies', () => {
  it('each subscriber gets its own company updates and never the other company', async () => {
    server = await startLiveServer();
    const s = server;
    const sse: { company: number; c: SseClient }[] = [];
    const ws: { company: number; c: WsClient }[] = [];
    for (const company of [1, 2]) {
      for (let i = 0; i < 50; i++) sse.push({ company, c: await openSse(s, `/api/dashboard/streaming/aggregate?company=${company}`) });
      for (let i = 0; i < 50; i++) ws.push({ company, c: await openWs(s, `?company=${company}`) });
    }
    await s.subscribersReach('sse', 100);
    await s.subscribersReach('ws', 100);

    addExpense(s.store, 1, 111);
    addExpense(s.store, 2, 222);
    // A second round on company 1 comes after company 2's update in the hub, so once it arrives everywhere,
    // every event of the first round has too.
    addExpense(s.store, 1, 1);
    const want = (company: number) => (a: RealtimeResult) => a.metrics.daily_expenses.value === (company === 1 ? 112 : 222);
    await Promise.all([
      ...sse.map(({ company, c }) => c.aggregate(want(company), `company ${company} on SSE`)),
      ...ws.map(({ company, c }) => c.aggregate(want(company), `company ${company} on WS`)),
    ]);
    for (const { company, c } of sse) {
      expect(new Set(c.events.filter((e) => e.event === 'aggregate').map((e) => aggregateOf(e).company.id))).toEqual(new Set([company]));
    }
    for (const { company, c } of ws) {
      expect(new Set(c.messages.filter((m) => m.type === 'aggregate').map((m) => (m.data as RealtimeResult).company.id))).toEqual(
        new Set([company]),
      );
    }
    await Promise.all(sse.map(({ c }) => c.close()));
    for (const { c } of ws) c.ws.close(1000);
    await Promise.all(ws.map(({ c }) => c.closed));
    await s.subscribersReach('sse', 0);
    await s.subscribersReach('ws', 0);
  });
});
