/** The generator's CPU clock: in a worker thread it is the thread's own run time (Linux), not its process's. */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src-engine/bench/paths.js';
import { cpuMs } from '../../src-engine/bench/thread/cpu-clock.js';

const linux = process.platform === 'linux';

/** A worker that reads its clock, then either spins or sleeps for `ms`, and reads it again. */
function inWorker(work: 'spin' | 'sleep', ms: number): Promise<number | null> {
  const url = new URL('dist/src-engine/bench/thread/cpu-clock.js', `file://${packageRoot()}/`).href;
  const code = `
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(url)}).then(({ cpuMs }) => {
      const a = cpuMs();
      const end = Date.now() + ${ms};
      if (${JSON.stringify(work)} === 'spin') { let x = 0; while (Date.now() < end) x++; }
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
      const b = cpuMs();
      parentPort.postMessage(a === null || b === null ? null : b - a);
    });`;
  const w = new Worker(code, { eval: true });
  return new Promise((resolve, reject) => {
    w.once('message', (m: number | null) => void w.terminate().then(() => resolve(m)));
    w.once('error', reject);
  });
}

describe('generator CPU clock', () => {
  it('on the main thread is the process CPU, and only grows', () => {
    const a = cpuMs();
    let x = 0;
    for (let i = 0; i < 5e6; i++) x += i;
    const b = cpuMs();
    expect(x).toBeGreaterThan(0);
    expect(a).not.toBeNull();
    expect(b as number).toBeGreaterThanOrEqual(a as number);
  });

  it.skipIf(!linux)('in a worker counts the thread itself: a sleeping worker uses next to none while the main thread spins', async () => {
    const spinning = await inWorker('spin', 150);
    // Wall time: on a busy machine the spin gets a share of a core, but a share it gets.
    expect(spinning).toBeGreaterThan(20);
    const p0 = process.cpuUsage();
    const sleeping = inWorker('sleep', 300);
    const end = Date.now() + 200;
    let x = 0;
    while (Date.now() < end) x++;
    const slept = await sleeping;
    const process_ = process.cpuUsage(p0);
    expect(x).toBeGreaterThan(0);
    // The process spent the main thread's spin; the worker's own clock saw only its start-up and the two reads.
    const processMs = (process_.user + process_.system) / 1000;
    expect(processMs).toBeGreaterThan(40);
    expect(slept).toBeLessThan(processMs / 4);
  });
});
