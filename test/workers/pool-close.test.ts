import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src-engine/pool/pool.js';
import { TaskCancelledError, WorkerFileMissingError } from '../../src-engine/pool/errors.js';

// Atomics.waitAsync exists in Node 20 but only in the ES2024 lib typings; the project targets ES2023.
type WaitAsync = (a: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

const HANDSHAKE = fileURLToPath(new URL('./handshake-worker.mjs', import.meta.url));

/** A task that blocks its worker until `release()`; `started` resolves once it runs. */
function blockingTask(pool: WorkerPool, value: number, signal?: AbortSignal) {
  const buffer = new SharedArrayBuffer(8);
  const flag = new Int32Array(buffer);
  const result = pool.run('query', { dbPath: '', sql: '', params: [buffer, value] }, signal ? { signal } : {});
  const wait = waitAsync(flag, 0, 0);
  const started = Promise.resolve(wait.value).then(() => undefined);
  const release = () => {
    Atomics.store(flag, 1, 1);
    Atomics.notify(flag, 1);
  };
  return { result, started, release };
}

describe('WorkerPool', () => {
  let pool: WorkerPool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('close cancels queued tasks and waits for the running one', async () => {
    pool = new WorkerPool({ threads: 1, filename: HANDSHAKE });
    const running = blockingTask(pool, 1);
    await running.started;
    const queued = [blockingTask(pool, 2), blockingTask(pool, 3)];
    expect(pool.stats().queue).toBe(2);

    const closed = pool.close();
    for (const q of queued) await expect(q.result).rejects.toBeInstanceOf(TaskCancelledError);
    let closedYet = false;
    void closed.then(() => (closedYet = true));
    await Promise.resolve();
    expect(closedYet).toBe(false);
    running.release();
    await expect(running.result).resolves.toEqual({ columns: ['value'], rows: [[1]] });
    await closed;
    await expect(pool.run('query', { dbPath: '', sql: '' })).rejects.toMatchObject({ code: 'pool_closed' });
  });

  it('an aborted signal cancels a queued task without touching the running one', async () => {
    pool = new WorkerPool({ threads: 1, filename: HANDSHAKE });
    const running = blockingTask(pool, 1);
    await running.started;
    const ac = new AbortController();
    const queued = blockingTask(pool, 2, ac.signal);
    ac.abort();
    await expect(queued.result).rejects.toBeInstanceOf(TaskCancelledError);
    running.release();
    await expect(running.result).resolves.toEqual({ columns: ['value'], rows: [[1]] });
    expect(pool.stats()).toMatchObject({ threads: 1, queue: 0, completed: 1 });
  });

  it('fails loudly when the compiled worker file is missing', () => {
    expect(() => new WorkerPool({ workerFile: 'no-such-worker' })).toThrow(WorkerFileMissingError);
    expect(() => new WorkerPool({ workerFile: 'no-such-worker' })).toThrow(/npm run build:engine/);
  });
});
