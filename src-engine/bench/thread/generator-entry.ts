/**
 * Entry of a load generator, as a worker thread (the app) or a child process (the CLI): the same message
 * protocol over `parentPort` or the process's IPC channel. Jobs run one at a time; `abort` cancels the
 * running one, which still answers with what it measured so far.
 */
import { parentPort } from 'node:worker_threads';
import { runJob } from './generator.js';
import type { FromGenerator, ToGenerator } from './jobs.js';
import { errorMessage } from '../../core/errors.js';

type Post = (m: FromGenerator) => void;

function serve(post: Post, onMessage: (handler: (m: ToGenerator) => void) => void, exit: () => void): void {
  const running = new Map<number, AbortController>();
  onMessage((m) => {
    if (m.type === 'exit') {
      for (const c of running.values()) c.abort();
      exit();
      return;
    }
    if (m.type === 'abort') {
      running.get(m.id)?.abort();
      return;
    }
    const ctrl = new AbortController();
    running.set(m.id, ctrl);
    runJob(m.job, ctrl.signal, (progress) => post({ type: 'progress', id: m.id, progress }))
      .then((outcome) => post({ type: 'result', id: m.id, outcome }))
      .catch((e: unknown) => post({ type: 'error', id: m.id, message: errorMessage(e) }))
      .finally(() => running.delete(m.id));
  });
  post({ type: 'ready' });
}

if (parentPort) {
  const port = parentPort;
  serve(
    (m) => port.postMessage(m),
    (h) => port.on('message', h),
    () => port.close(),
  );
} else if (process.send) {
  const sendToParent = process.send.bind(process);
  serve(
    (m) => sendToParent(m),
    (h) => process.on('message', (m) => h(m as ToGenerator)),
    () => process.disconnect(),
  );
  // The parent went away (crash, Ctrl-C): never linger as an orphan generating load.
  process.on('disconnect', () => process.exit(0));
}
