/**
 * Request timeouts for a generator thread's raw connections, found by one timer instead of one per socket. A
 * socket with `setTimeout` has its idle timer refreshed (a timer-list insert and a clock read) on every read and
 * every write; at tens of thousands of requests a second that was a measurable share of the generator's own CPU.
 * A connection here only stamps the sweep's coarse clock when bytes move, and the sweep looks at every connection
 * a few dozen times a second.
 */
import { performance } from 'node:perf_hooks';

/** How often the sweep runs: a timeout fires between its length and its length plus two periods of silence. */
const SWEEP_MS = 25;

export interface Sweepable {
  /** Called on every sweep: fail the request in flight if nothing moved for its timeout plus `slack` ms. */
  sweep(now: number, slack: number): void;
}

const members = new Set<Sweepable>();
let timer: NodeJS.Timeout | null = null;

/**
 * The sweep's clock: performance.now() as of the last sweep (or the first join). A stamp taken from it is at most
 * one period early, so the sweep waits the timeout plus one period (`slack`) and never fires early.
 */
export let coarseNow = performance.now();

function tick(): void {
  coarseNow = performance.now();
  for (const m of members) m.sweep(coarseNow, SWEEP_MS);
}

export function joinSweep(m: Sweepable): void {
  members.add(m);
  if (timer) return;
  coarseNow = performance.now();
  // Unref'd: the sockets keep the thread alive while they are open, the sweep alone never does.
  timer = setInterval(tick, SWEEP_MS).unref();
}

export function leaveSweep(m: Sweepable): void {
  members.delete(m);
  if (members.size > 0 || !timer) return;
  clearInterval(timer);
  timer = null;
}
