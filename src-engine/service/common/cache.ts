/**
 * The response cache: serialised JSON bodies (so a hit costs no computation and no JSON.stringify) with an
 * ETag, bounded by bytes, keyed by handler + resolved parameters. Entries are tagged with their company and
 * the last day of their window; a ChangeEvent drops exactly the entries it can affect (same company, window
 * ending on or after the earliest changed date — outstanding, overdue and active-client figures depend on
 * everything up to the period end). Invalidation runs synchronously inside the change listener, so a read
 * that starts after a write returned can never be served a stale copy. Writes by other processes: every lookup
 * first runs the `beforeRead` check (freshness.ts), which publishes on the same feed when another process committed.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { IsoDate } from '../../core/dates.js';
import type { ChangeEvent, ChangeFeed } from '../../store/changes.js';
// The counters' shape is part of the API (health reports them), so it is declared with it.
import type { CacheStats } from '../../core/api/system.js';

export interface CacheTags {
  company: number;
  /** Last day the entry's figures depend on (inclusive). */
  to: IsoDate;
}

export interface CachedBody {
  text: string;
  etag: string;
}

interface Entry extends CachedBody, CacheTags {
  bytes: number;
}

interface Flight {
  promise: Promise<CachedBody>;
  tags: CacheTags;
  /** Set when a change hit this key while it was computing: its result is not stored. */
  stale: boolean;
}

export interface CacheLookup extends CachedBody {
  hit: boolean;
}

function etagOf(text: string): string {
  return `"${createHash('sha1').update(text).digest('base64url')}"`;
}

/** Stable key: handler name + parameters with sorted keys (undefined dropped). */
export function cacheKey(handler: string, params: Record<string, unknown>): string {
  // Built on every request, hits included: one sort of a handful of keys, no intermediate arrays.
  const keys = Object.keys(params).sort();
  let key = `${handler}?`;
  let first = true;
  for (const k of keys) {
    const v = params[k];
    if (v === undefined) continue;
    key += `${first ? '' : '&'}${k}=${typeof v === 'string' && SAFE.test(v) ? `"${v}"` : JSON.stringify(v)}`;
    first = false;
  }
  return key;
}

/** Strings JSON.stringify would only quote (dates, enum values), so the key is identical without calling it. */
const SAFE = /^[\w.:+-]*$/;

export class ResponseCache {
  private readonly lru: LRUCache<string, Entry>;
  /** company → keys, so an invalidation touches only that company's entries. */
  private readonly byCompany = new Map<number, Set<string>>();
  private readonly inflight = new Map<string, Flight>();
  private counters = { hits: 0, misses: 0, evictions: 0, invalidations: 0, computations: 0 };
  /** Run before every lookup: notices commits by other processes and invalidates synchronously (freshness.ts). */
  beforeRead: (() => void) | null = null;

  constructor(
    readonly maxBytes = 64 * 1024 * 1024,
    private readonly onEvict?: () => void,
  ) {
    this.lru = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      sizeCalculation: (e) => Math.max(1, e.bytes),
      dispose: (e, key, reason) => {
        if (reason === 'evict') {
          this.counters.evictions++;
          this.onEvict?.();
        }
        this.byCompany.get(e.company)?.delete(key);
      },
    });
  }

  /** The stored body for `key`, counted as a hit, without a promise (the HTTP hit path); undefined on a miss, uncounted. */
  peek(key: string): CachedBody | undefined {
    this.beforeRead?.();
    const e = this.lru.get(key);
    if (e) this.counters.hits++;
    return e;
  }

  /**
   * The cached body for `key`, or compute it once however many callers ask at the same time (single-flight).
   * `bypass` (Cache-Control: no-cache) skips the stored copy, recomputes and stores the fresh one.
   */
  async get(key: string, tags: CacheTags, compute: () => unknown, bypass = false): Promise<CacheLookup> {
    this.beforeRead?.();
    if (!bypass) {
      const e = this.lru.get(key);
      if (e) {
        this.counters.hits++;
        return { text: e.text, etag: e.etag, hit: true };
      }
      this.counters.misses++;
      const flying = this.inflight.get(key);
      if (flying) return { ...(await flying.promise), hit: false };
    } else {
      this.counters.misses++;
    }
    const flight: Flight = { promise: Promise.resolve({ text: '', etag: '' }), tags, stale: false };
    flight.promise = this.compute(key, tags, compute, flight);
    // A bypassing request does not become the flight others join: they may be plain readers of a fresh copy.
    if (!bypass) this.inflight.set(key, flight);
    return { ...(await flight.promise), hit: false };
  }

  private async compute(key: string, tags: CacheTags, compute: () => unknown, flight: Flight): Promise<CachedBody> {
    try {
      this.counters.computations++;
      const value = await compute();
      const text = JSON.stringify(value);
      const body = { text, etag: etagOf(text) };
      if (!flight.stale) this.store(key, tags, body);
      return body;
    } finally {
      if (this.inflight.get(key) === flight) this.inflight.delete(key);
    }
  }

  private store(key: string, tags: CacheTags, body: CachedBody): void {
    this.lru.set(key, { ...body, ...tags, bytes: Buffer.byteLength(body.text) });
    if (!this.lru.has(key)) return; // larger than the whole cache: not kept
    let keys = this.byCompany.get(tags.company);
    if (!keys) this.byCompany.set(tags.company, (keys = new Set()));
    keys.add(key);
  }

  /** Drop what `event` can affect. Returns how many stored entries went. */
  invalidate(event: ChangeEvent): number {
    const since = event.dates.length ? event.dates.reduce((a, b) => (b < a ? b : a)) : undefined;
    const affects = (t: CacheTags) => t.company === event.companyId && (since === undefined || t.to >= since);
    for (const f of this.inflight.values()) if (affects(f.tags)) f.stale = true;
    for (const [key, f] of this.inflight) if (f.stale) this.inflight.delete(key);
    let dropped = 0;
    for (const key of [...(this.byCompany.get(event.companyId) ?? [])]) {
      const e = this.lru.peek(key);
      if (e && affects(e)) {
        this.lru.delete(key);
        dropped++;
      }
    }
    this.counters.invalidations += dropped;
    return dropped;
  }

  /** Drop every entry of one company (refresh). */
  clearCompany(companyId: number): number {
    return this.invalidate({ companyId, tables: [], dates: [], source: 'restore', rows: 0 });
  }

  /** Subscribe to a change feed; returns the unsubscribe function. */
  attach(feed: ChangeFeed): () => void {
    return feed.subscribe((event) => {
      this.invalidate(event);
    });
  }

  has(key: string): boolean {
    return this.lru.has(key);
  }

  stats(): CacheStats {
    const { hits, misses } = this.counters;
    return {
      ...this.counters,
      entries: this.lru.size,
      bytes: this.lru.calculatedSize,
      maxBytes: this.maxBytes,
      hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
    };
  }

  clear(): void {
    this.lru.clear();
    this.inflight.clear();
  }
}
