/** The engine as the desktop main process runs it: real store, real worker pool, clean shutdown. */
import { describe, expect, it } from 'vitest';
import { startEngineFixture } from './engine-fixture.js';

describe('desktop engine', () => {
  it('hands recalculation to the worker pool and pushes its progress to live subscribers', async () => {
    const fx = startEngineFixture();
    try {
      const phases: string[] = [];
      fx.engine.hub.snapshot(fx.company.id);
      fx.engine.hub.subscribe(
        fx.company.id,
        (e) => {
          if (e.name === 'recalculate-progress') phases.push((e.data as { phase: string }).phase);
        },
        'ipc',
      );
      const r = await fx.engine.invoke('dashboard.realtimeRecalculate', { company: fx.company.id });
      expect(r).toMatchObject({ status: 200 });
      expect(phases).toContain('done');
    } finally {
      await fx.close();
    }
  });

  it('closes the pool and then the database, once, however often it is asked', async () => {
    const fx = startEngineFixture();
    const { store } = fx.engine;
    const write = fx.engine.invoke('expenses.create', fx.expenseToday(500).body);
    const [a, b] = [fx.engine.close(), fx.engine.close()];
    expect(a).toBe(b);
    expect((await write).status).toBe(201);
    await a;
    expect(store.db.open).toBe(false);
    await fx.close();
  });
});
