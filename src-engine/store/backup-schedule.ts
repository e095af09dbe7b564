/** Automatic backups: one every interval and one at a clean shutdown, never two at once. */
import type { Database } from 'better-sqlite3';
import type { RetentionPolicy } from '../core/retention.js';
import { backupDatabase, type BackupResult } from './backup-take.js';

export interface AutoBackupOptions {
  /** Take a backup every this many ms (0 or absent: no timer). */
  intervalMs?: number;
  /** Take a backup when the service shuts down cleanly (default true). */
  onShutdown?: boolean;
  retention?: RetentionPolicy;
  onBackup?: (r: BackupResult) => void;
  onError?: (e: unknown) => void;
}

export interface AutoBackup {
  /** Take one now (waits for a running one first). */
  runNow(reason?: string): Promise<BackupResult | null>;
  /**
   * Stop the timer, wait for a running backup, then take the shutdown backup if configured — unless `final` is
   * false (a start that failed: nothing was served, so there is nothing to keep and no file to leave behind).
   */
  stop(final?: boolean): Promise<void>;
}

export function startAutoBackup(db: Database, dbPath: string, opts: AutoBackupOptions): AutoBackup {
  let running: Promise<BackupResult | null> = Promise.resolve(null);
  let stopped = false;
  const run = (reason: string): Promise<BackupResult | null> => {
    running = running.then(async () => {
      if (!db.open) return null;
      try {
        const r = await backupDatabase(db, dbPath, { reason, retention: opts.retention });
        opts.onBackup?.(r);
        return r;
      } catch (e) {
        opts.onError?.(e);
        return null;
      }
    });
    return running;
  };
  const timer = opts.intervalMs && opts.intervalMs > 0 ? setInterval(() => void run('auto'), opts.intervalMs) : null;
  timer?.unref();
  return {
    runNow: (reason = 'manual') => run(reason),
    async stop(final = true) {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      if (final && opts.onShutdown !== false) await run('shutdown');
    },
  };
}
