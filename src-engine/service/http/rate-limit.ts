/**
 * Rate limits per remote address, by who is calling. Requests without a valid credential (no token, a wrong
 * one, a foreign Host) share one bucket per address, so a flood or a token-guessing loop is slowed; the owner's
 * token is not limited unless the user asks for a cap (`kira serve --rate-limit N`), so an outside load tool
 * (wrk, autocannon) measures Kira rather than this guard; the benchmark's own token is never limited.
 */
import type { Principal } from './security.js';

export interface RateLimitOptions {
  capacity: number;
  perSecond: number;
}

/** For requests without a valid credential: a page load and a few mistakes fit, a flood does not. */
const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 600, perSecond: 300 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept at most; beyond it the oldest are forgotten (a forgotten client starts again with a full bucket). */
const MAX_BUCKETS = 10_000;

/** Token bucket per client: `capacity` requests in a burst, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly opts: RateLimitOptions = DEFAULT_RATE_LIMIT) {}

  /** Take one token for `client`; returns 0 when allowed, else the seconds to wait. */
  take(client: string, nowMs: number): number {
    let b = this.buckets.get(client);
    if (b === undefined) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
      b = { tokens: this.opts.capacity, at: nowMs };
      this.buckets.set(client, b);
    }
    b.tokens = Math.min(this.opts.capacity, b.tokens + ((nowMs - b.at) / 1000) * this.opts.perSecond);
    b.at = nowMs;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.opts.perSecond));
  }
}

/** A cap of N requests a second for the owner's token: a burst of one second's worth, refilled at N. */
export function ownerCap(perSecond: number): RateLimitOptions {
  return { capacity: Math.max(1, perSecond), perSecond };
}

export interface AccessLimitOptions {
  /** Requests without a valid credential, per remote address (default `DEFAULT_RATE_LIMIT`). */
  anonymous?: RateLimitOptions;
  /** The owner's token, per remote address; absent: not limited. */
  owner?: RateLimitOptions | null;
}

/** Which bucket a request is charged to, decided once per request by whoever authenticated it. */
export class AccessLimits {
  private readonly anonymous: RateLimiter;
  private readonly owner: RateLimiter | null;

  constructor(opts: AccessLimitOptions = {}) {
    this.anonymous = new RateLimiter(opts.anonymous ?? DEFAULT_RATE_LIMIT);
    this.owner = opts.owner ? new RateLimiter(opts.owner) : null;
  }

  /** 0 when allowed, else the seconds to wait. `principal` undefined: no valid credential. */
  take(principal: Principal | undefined, address: string | undefined, nowMs: number): number {
    if (principal === 'bench') return 0;
    if (principal === 'user') return this.owner === null ? 0 : this.owner.take(address ?? '', nowMs);
    return this.anonymous.take(address ?? '', nowMs);
  }
}
