/**
 * Per-client token bucket: `capacity` requests in a burst, refilled at `perSecond`. The benchmark's own token
 * is never charged (security.ts decides who is charged), so load tests measure the server, not this guard.
 */
export interface RateLimitOptions {
  capacity: number;
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 600, perSecond: 300 };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly opts: RateLimitOptions = DEFAULT_RATE_LIMIT) {}

  /** Take one token for `client`; returns 0 when allowed, else the seconds to wait. */
  take(client: string, nowMs: number): number {
    const b = this.buckets.get(client) ?? { tokens: this.opts.capacity, at: nowMs };
    b.tokens = Math.min(this.opts.capacity, b.tokens + ((nowMs - b.at) / 1000) * this.opts.perSecond);
    b.at = nowMs;
    this.buckets.set(client, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.opts.perSecond));
  }
}
