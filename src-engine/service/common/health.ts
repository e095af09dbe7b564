/**
 * The health report (`/api/dashboard/health`). Per request only cheap checks: a trivial query on the writer
 * connection and the WAL file's size. `PRAGMA quick_check` reads the whole database (seconds on millions of
 * rows), so it runs in a worker at start, on a timer and after each recalculation; the report shows the last
 * result and its age.
 */
import type { Database } from 'better-sqlite3';
import { statSync } from 'node:fs';
import type { Store } from '../../store/store.js';
import type { PoolStats } from '../../pool/pool.js';
import { errorMessage } from '../../core/errors.js';

export interface CacheHealth {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export interface QuickCheckState {
  /** 'ok', the first problem SQLite reported, 'pending' before the first run, or the error that stopped it. */
  result: string;
  ok: boolean | null;
  age_s: number | null;
}

export interface HealthReport {
  status: 'healthy' | 'degraded';
  database: { ok: boolean; quick_check: QuickCheckState; wal_bytes: number; size_bytes: number; error?: string };
  cache: { entries: number; bytes: number; hit_ratio: number | null };
  pool: { threads: number; queue: number; utilisation: number };
  uptime_s: number;
  response_ms: number;
}

export interface HealthOptions {
  store: Store;
  /** Runs `PRAGMA quick_check` off the main thread (the pool's `quickCheck` task), returning its lines. */
  quickCheck: () => Promise<string[]>;
  pool?: () => PoolStats;
  cache?: () => CacheHealth;
  /** Re-run quick_check this often; 0 disables the timer. Default 10 minutes. */
  quickCheckIntervalMs?: number;
  now?: () => number;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // no WAL file yet (or checkpointed away): zero bytes of log
  }
}

export class HealthMonitor {
  private readonly started: number;
  private last: { result: string; ok: boolean; at: number } | null = null;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: HealthOptions) {
    this.now = opts.now ?? Date.now;
    this.started = this.now();
  }

  /** First quick_check now, then on the timer and after every recalculation. */
  start(): Promise<void> {
    const interval = this.opts.quickCheckIntervalMs ?? 600_000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.runQuickCheck(), interval);
      this.timer.unref();
    }
    this.unsubscribe = this.opts.store.changes.subscribe((e) => {
      if (e.source === 'recalculate' || e.source === 'restore') void this.runQuickCheck();
    });
    return this.runQuickCheck();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.timer = null;
    this.unsubscribe = null;
  }

  /** Never rejects: a failed check is a result. Concurrent calls share one run. */
  runQuickCheck(): Promise<void> {
    this.running ??= this.opts
      .quickCheck()
      .then(
        (lines) => {
          const ok = lines.length === 1 && lines[0] === 'ok';
          this.last = { result: ok ? 'ok' : (lines[0] ?? 'no result'), ok, at: this.now() };
        },
        (e: unknown) => {
          this.last = { result: errorMessage(e), ok: false, at: this.now() };
        },
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  report(): { statusCode: 200 | 503; body: HealthReport } {
    const t0 = performance.now();
    const { db, path } = this.opts.store;
    const probe = probeDatabase(db);
    const quick: QuickCheckState = this.last
      ? { result: this.last.result, ok: this.last.ok, age_s: Math.round((this.now() - this.last.at) / 1000) }
      : { result: 'pending', ok: null, age_s: null };
    const c = this.opts.cache?.();
    const lookups = c ? c.hits + c.misses : 0;
    const p = this.opts.pool?.();
    const healthy = probe.ok && quick.ok !== false;
    const body: HealthReport = {
      status: healthy ? 'healthy' : 'degraded',
      database: {
        ok: probe.ok,
        quick_check: quick,
        wal_bytes: fileSize(`${path}-wal`),
        size_bytes: fileSize(path),
        ...(probe.error ? { error: probe.error } : {}),
      },
      cache: { entries: c?.entries ?? 0, bytes: c?.bytes ?? 0, hit_ratio: c && lookups > 0 ? c.hits / lookups : null },
      pool: { threads: p?.threads ?? 0, queue: p?.queue ?? 0, utilisation: p?.utilisation ?? 0 },
      uptime_s: Math.round((this.now() - this.started) / 1000),
      response_ms: 0,
    };
    body.response_ms = Math.round((performance.now() - t0) * 1000) / 1000;
    return { statusCode: healthy ? 200 : 503, body };
  }
}

function probeDatabase(db: Database): { ok: boolean; error?: string } {
  try {
    // Reads the schema page: proves the connection is open and the file readable, in microseconds.
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}
