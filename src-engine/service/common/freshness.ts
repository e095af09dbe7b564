/**
 * Cross-process freshness. Several Kira processes may open one database (a `kira serve` and a `kira import`, two
 * apps); a commit by another process never reaches this one's change feed, so its cache and live hub would keep
 * figures that write made wrong. SQLite's `PRAGMA data_version` changes exactly when another connection has
 * committed (this connection's own commits do not move it), so one prepared read of it tells us.
 *
 * `check()` runs before every cache lookup (cache.ts calls it, so the HTTP fast hit, the full path and IPC are all
 * covered) and on a short timer, so live subscribers hear of the change even when nobody reads. Reading the pragma
 * starts a read transaction (shared-memory locks: about 3–7 µs, as much as the rest of a cache hit), so a lookup
 * within `maxLagMs` (default 1 ms) of the previous check reuses its answer: under load that is one read per
 * millisecond instead of one per request, and a cached answer never predates another process's commit by more
 * than that millisecond. 0 checks on every lookup. On a change it
 * publishes an `external` event for every company on the store's own feed: the cache drops those companies'
 * entries (and marks in-flight computations stale), the company memo forgets, and the live hub pushes new figures.
 * Which company another process changed is not recorded anywhere, so all of them are invalidated.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ChangeFeed } from '../../store/changes.js';

export interface FreshnessOptions {
  /** Also check on a timer this often (ms), for the live hub when no request comes; 0 disables. Default 250. */
  intervalMs?: number;
  /** Lookups within this many ms of the last check reuse it (default 1; 0: every lookup checks). */
  maxLagMs?: number;
}

export class CrossProcessFreshness {
  private readonly version: Statement<[], number>;
  private readonly companies: Statement<[], number>;
  private last: number;
  private checkedAt = -Infinity;
  private readonly maxLagMs: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly feed: ChangeFeed,
    private readonly opts: FreshnessOptions = {},
  ) {
    this.version = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.companies = db.prepare<[], number>('SELECT id FROM companies ORDER BY id').pluck();
    this.last = this.version.get()!;
    this.maxLagMs = opts.maxLagMs ?? 1;
  }

  /** True (after invalidating and publishing) when another process committed since the last check. */
  check(): boolean {
    if (this.maxLagMs > 0) {
      const t = performance.now();
      if (t - this.checkedAt < this.maxLagMs) return false;
      this.checkedAt = t;
    }
    try {
      return this.read();
    } catch {
      // A busy or closing database must not fail the request that asked; the next lookup reads again.
      this.checkedAt = -Infinity;
      return false;
    }
  }

  private read(): boolean {
    if (!this.db.open) return false;
    const now = this.version.get()!;
    if (now === this.last) return false;
    const ids = this.companies.all();
    // Moved on only once the companies are known: a failure here leaves the change to be noticed again.
    this.last = now;
    for (const companyId of ids) this.feed.publish({ companyId, tables: [], dates: [], source: 'external', rows: 0 });
    return true;
  }

  start(): void {
    const every = this.opts.intervalMs ?? 250;
    if (this.timer || every <= 0) return;
    this.timer = setInterval(() => {
      try {
        this.read();
      } catch {
        /* a closing or damaged database: the next request reports it */
      }
    }, every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
