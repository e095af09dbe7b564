/**
 * The runner's handle on a load generator living in a worker thread (in the app, beside the service) or in a
 * child process (the CLI). Either way the generator has its own event loop, so the server's work never
 * delays a send or a timestamp and vice versa.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { benchErrors } from './errors.js';
import type { FromGenerator, GeneratorProgress, Job, Outcome, ToGenerator } from './thread/jobs.js';
import { generatorEntry } from './paths.js';

export type HostKind = 'worker' | 'process';

export interface GeneratorHost {
  readonly kind: HostKind;
  run(job: Job, onProgress: (p: GeneratorProgress) => void, signal?: AbortSignal): Promise<Outcome>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (o: Outcome) => void;
  reject: (e: Error) => void;
  onProgress: (p: GeneratorProgress) => void;
}

export async function startGenerator(kind: HostKind): Promise<GeneratorHost> {
  const entry = generatorEntry();
  let post: (m: ToGenerator) => void;
  let terminate: () => Promise<void>;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: Error | null = null;
  let readyResolve: () => void = () => {};
  let readyReject: (e: Error) => void = () => {};
  const ready = new Promise<void>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });

  const onMessage = (m: FromGenerator) => {
    if (m.type === 'ready') return readyResolve();
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') return p.onProgress(m.progress);
    pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.outcome);
    else p.reject(benchErrors.generatorFailed(m.message));
  };
  const onGone = (why: string) => {
    dead = benchErrors.generatorExited(why);
    readyReject(dead);
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };

  if (kind === 'worker') {
    const w = new Worker(entry);
    w.on('message', onMessage);
    w.on('error', (e) => onGone(`crashed: ${e.message}`));
    w.on('exit', (code) => onGone(`exited (code ${code})`));
    post = (m) => w.postMessage(m);
    terminate = async () => {
      w.postMessage({ type: 'exit' } satisfies ToGenerator);
      await w.terminate();
    };
  } else {
    const child: ChildProcess = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    child.on('message', (m) => onMessage(m as FromGenerator));
    child.on('error', (e) => onGone(`failed: ${e.message}`));
    child.on('exit', (code, sig) => onGone(`exited (${sig ?? `code ${code}`})`));
    post = (m) => {
      if (child.connected) child.send(m);
    };
    terminate = () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        post({ type: 'exit' });
        // A generator stuck in a tight loop would not read "exit"; the kill is the backstop.
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      });
  }
  await ready;

  return {
    kind,
    run(job, onProgress, signal) {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise<Outcome>((resolve, reject) => {
        const abort = () => post({ type: 'abort', id });
        if (signal?.aborted) abort();
        else signal?.addEventListener('abort', abort, { once: true });
        const done = () => signal?.removeEventListener('abort', abort);
        pending.set(id, {
          resolve: (o) => (done(), resolve(o)),
          reject: (e) => (done(), reject(e)),
          onProgress,
        });
        post({ type: 'run', id, job });
      });
    },
    async close() {
      dead ??= benchErrors.generatorClosed();
      await terminate();
    },
  };
}
