import { openSync, closeSync, writeSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthMonitor } from '../../src-engine/service/common/health.js';
import { WorkerPool } from '../../src-engine/pool/pool.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { seedDatabase } from './fixtures.js';

describe('HealthMonitor', () => {
  const tmp = tempDir();
  let pool: WorkerPool;
  beforeAll(() => {
    pool = new WorkerPool({ threads: 1 });
  });
  afterAll(async () => {
    await pool.close();
    tmp.cleanup();
  });
  const monitor = (store: Store) =>
    new HealthMonitor({
      store,
      quickCheck: () => pool.run('quickCheck', { dbPath: store.path }),
      pool: () => pool.stats(),
      cache: () => ({ entries: 4, bytes: 2048, hits: 3, misses: 1 }),
      quickCheckIntervalMs: 0,
    });

  it('is healthy (200) on a sound database once quick_check has run in a worker', async () => {
    const store = seedDatabase(tmp.path('ok.db'));
    const h = monitor(store);
    expect(h.report().body.database.quick_check).toEqual({ result: 'pending', ok: null, age_s: null });
    await h.start();
    const { statusCode, body } = h.report();
    expect(statusCode).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.database).toMatchObject({ ok: true, quick_check: { result: 'ok', ok: true, age_s: 0 } });
    expect(body.database.size_bytes).toBe(statSync(store.path).size);
    expect(body.database.wal_bytes).toBe(statSync(`${store.path}-wal`).size);
    expect(body.cache).toEqual({ entries: 4, bytes: 2048, hit_ratio: 0.75 });
    expect(body.pool.threads).toBe(1);
    h.stop();
    store.close();
  });

  it('is degraded (503) when the database connection is closed', async () => {
    const store = seedDatabase(tmp.path('closed.db'));
    const h = monitor(store);
    await h.start();
    store.close();
    const { statusCode, body } = h.report();
    expect(statusCode).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.database.ok).toBe(false);
    expect(body.database.error).toMatch(/not open/i);
    h.stop();
  });

  it('is degraded (503) when quick_check finds corruption', async () => {
    const path = tmp.path('corrupt.db');
    const seeded = seedDatabase(path, { companies: 1, clients: 20, expenses: 3000, invoices: 500, quotes: 50 });
    seeded.db.pragma('wal_checkpoint(TRUNCATE)');
    seeded.close();
    // Scribble over pages in the middle of the file, leaving the header and schema page intact.
    const fd = openSync(path, 'r+');
    const size = statSync(path).size;
    writeSync(fd, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const store = Store.open(path, { migrate: false });
    const h = monitor(store);
    await h.start();
    const { statusCode, body } = h.report();
    expect(statusCode).toBe(503);
    expect(body.database.ok).toBe(true);
    expect(body.database.quick_check.ok).toBe(false);
    expect(body.database.quick_check.result).not.toBe('ok');
    h.stop();
    store.close();
  });

  it('re-runs quick_check after a recalculation is published', async () => {
    const store = seedDatabase(tmp.path('recalc.db'));
    let runs = 0;
    let secondRun!: () => void;
    const ranAgain = new Promise<void>((resolve) => (secondRun = resolve));
    const quickCheck = () => {
      if (++runs === 2) secondRun();
      return Promise.resolve(['ok']);
    };
    const h = new HealthMonitor({ store, quickCheck, quickCheckIntervalMs: 0 });
    await h.start();
    expect(runs).toBe(1);
    store.write(() => ({ result: null, change: { companyId: 1, tables: ['rollups'], dates: [], source: 'recalculate', rows: 0 } }));
    await ranAgain; // only the change-feed subscription can trigger the second run
    expect(runs).toBe(2);
    h.stop();
    store.close();
  });
});
