/**
 * Leading-edge throttle with a trailing flush, per key. The first call after a quiet period runs on the next
 * microtask (so a synchronous burst of publishes — 10,000 `publish()` calls in one loop — becomes one run,
 * while a single write is not delayed by a timer); calls during the following `windowMs` collapse into one
 * trailing run at the end of the window. So at most one run per window, and the last change always runs.
 */
export class LeadingThrottle {
  private readonly lastRunAt = new Map<number, number>();
  private readonly scheduled = new Map<number, NodeJS.Timeout | 'microtask'>();
  private closed = false;

  constructor(
    private readonly windowMs: number,
    private readonly run: (key: number) => void,
    // Monotonic: a window is a duration, not a date, so the engine's business clock does not apply here.
    private readonly now: () => number = () => performance.now(),
  ) {}

  trigger(key: number): void {
    if (this.closed || this.scheduled.has(key)) return;
    const since = this.now() - (this.lastRunAt.get(key) ?? -Infinity);
    if (since >= this.windowMs) {
      this.scheduled.set(key, 'microtask');
      queueMicrotask(() => this.fire(key));
    } else {
      const t = setTimeout(() => this.fire(key), this.windowMs - since);
      this.scheduled.set(key, t);
    }
  }

  private fire(key: number): void {
    if (this.closed || !this.scheduled.delete(key)) return;
    this.lastRunAt.set(key, this.now());
    this.run(key);
  }

  close(): void {
    this.closed = true;
    for (const t of this.scheduled.values()) if (t !== 'microtask') clearTimeout(t);
    this.scheduled.clear();
  }
}
