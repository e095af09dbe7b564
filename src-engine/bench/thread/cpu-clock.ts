/**
 * The generator's own CPU time. In a child process (the CLI) that is the process's (its JS thread and V8's
 * helpers). A worker thread (the panel's, inside the server's process) cannot use the process's figure, which
 * includes the server; on Linux it reads its own thread's run time from /proc/thread-self/schedstat (ns), the
 * same file the scheduler keeps for every thread. Elsewhere a worker's CPU is not measured (null).
 */
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const SCHEDSTAT = '/proc/thread-self/schedstat';

function threadNs(): number | null {
  try {
    // "run-ns wait-ns slices": a synchronous read runs on the calling thread, so thread-self is this worker.
    const ns = Number(readFileSync(SCHEDSTAT, 'latin1').split(' ', 1)[0]);
    return Number.isFinite(ns) ? ns : null;
  } catch {
    return null;
  }
}

/** CPU used so far, in ms, or null where it cannot be measured. Only differences between two readings mean anything. */
export function cpuMs(): number | null {
  if (isMainThread) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  const ns = threadNs();
  return ns === null ? null : ns / 1e6;
}
