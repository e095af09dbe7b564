/**
 * The engine's worker pool: one piscina pool per engine running the tasks of `workers/tasks.ts`. Threads
 * stay alive between tasks (no thread start-up per task); tasks take an AbortSignal; `close()`
 * cancels queued work and waits for running tasks.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { PoolClosedError, TaskCancelledError } from './errors.js';
import type { TaskName, TaskRunner, WorkerTasks } from '../workers/task-types.js';
import { compiledWorkerPath } from './worker-path.js';

export interface PoolStats {
  threads: number;
  queue: number;
  /** Tasks running right now. */
  running: number;
  /** 0..1: share of the pool's lifetime its threads spent running tasks (piscina's measure). */
  utilisation: number;
  completed: number;
}

export interface PoolOptions {
  threads?: number;
  /** Worker entry name under dist/src-engine/workers/ (default `tasks`). */
  workerFile?: string;
  /** Absolute path of a worker file, bypassing dist/ (tests use a tiny handshake worker). */
  filename?: string;
}

/**
 * Threads: one per core but one (the main thread serves HTTP and runs the swap). On 2 cores that would leave
 * one worker, and a recalculation would use one core while the main thread mostly waits; so never fewer than 2
 * where 2 cores exist.
 */
function defaultThreadCount(cores = availableParallelism()): number {
  if (cores <= 1) return 1;
  return Math.max(2, cores - 1);
}

function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

export class WorkerPool implements TaskRunner {
  readonly threadCount: number;
  private readonly piscina: Piscina;
  private runningTasks = 0;
  private closing: Promise<void> | null = null;

  constructor(opts: PoolOptions = {}) {
    this.threadCount = Math.max(1, Math.trunc(opts.threads ?? defaultThreadCount()));
    this.piscina = new Piscina({
      filename: opts.filename ?? compiledWorkerPath(opts.workerFile ?? 'tasks'),
      minThreads: this.threadCount,
      maxThreads: this.threadCount,
      // Workers stay for the engine's lifetime; their connections and page caches are the point.
      idleTimeout: 2 ** 31 - 1,
    });
  }

  async run<K extends TaskName>(
    name: K,
    input: WorkerTasks[K]['input'],
    opts: { signal?: AbortSignal } = {},
  ): Promise<WorkerTasks[K]['output']> {
    if (this.closing) throw new PoolClosedError();
    if (opts.signal?.aborted) throw new TaskCancelledError('aborted before start');
    this.runningTasks++;
    try {
      return (await this.piscina.run(input, { name, signal: opts.signal ?? null })) as WorkerTasks[K]['output'];
    } catch (e) {
      if (isAbortError(e)) throw new TaskCancelledError(e instanceof Error ? e.message : 'aborted');
      throw e;
    } finally {
      this.runningTasks--;
    }
  }

  stats(): PoolStats {
    const queue = this.piscina.queueSize;
    return {
      threads: this.piscina.threads.length,
      queue,
      running: Math.max(0, this.runningTasks - queue),
      utilisation: this.piscina.utilization,
      completed: this.piscina.completed,
    };
  }

  /** Cancel queued tasks (they reject with TaskCancelledError), wait for running ones, stop the threads. */
  close(): Promise<void> {
    this.closing ??= this.piscina.close({ force: true });
    return this.closing;
  }
}
