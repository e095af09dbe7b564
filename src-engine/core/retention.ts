/**
 * Backup retention as pure logic: which timestamped backups to keep. Policy: the newest `recent` backups,
 * plus the newest backup of each of the `daily` most recent calendar days (UTC) that have one, plus the newest
 * of each of the `weekly` most recent ISO weeks that have one. Everything else may be deleted. The newest backup
 * is always kept, whatever the numbers.
 */

export interface RetentionPolicy {
  /** Newest backups kept regardless of their day (default 3). */
  recent: number;
  /** Days (UTC) with a backup whose newest backup is kept (default 7). */
  daily: number;
  /** ISO weeks with a backup whose newest backup is kept (default 4). */
  weekly: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { recent: 3, daily: 7, weekly: 4 };

export interface Dated {
  name: string;
  /** Milliseconds since the epoch. */
  at: number;
}

/** ISO 8601 week key (`2024-W12`) of a UTC instant. */
export function isoWeek(at: number): string {
  const d = new Date(at);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - dow); // the Thursday decides the year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The subset of `items` the policy keeps (newest first) and the rest. */
export function applyRetention<T extends Dated>(
  items: readonly T[],
  policy: RetentionPolicy = DEFAULT_RETENTION,
): { keep: T[]; remove: T[] } {
  const sorted = [...items].sort((a, b) => b.at - a.at || (a.name < b.name ? 1 : -1));
  const keep = new Set<T>(sorted.slice(0, Math.max(1, policy.recent)));
  const byBucket = (bucketOf: (at: number) => string, count: number) => {
    const seen = new Set<string>();
    for (const item of sorted) {
      if (seen.size >= count) break;
      const bucket = bucketOf(item.at);
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      keep.add(item); // the first of a bucket in newest-first order is that bucket's newest
    }
  };
  byBucket((at) => new Date(at).toISOString().slice(0, 10), policy.daily);
  byBucket(isoWeek, policy.weekly);
  return { keep: sorted.filter((i) => keep.has(i)), remove: sorted.filter((i) => !keep.has(i)) };
}

/** `20240320T040000123Z` ⇄ instant, the timestamp in backup file names (sortable, no characters a file system refuses). */
export function stampOf(at: number): string {
  return new Date(at).toISOString().replace(/[-:.]/g, '');
}

export function parseStamp(stamp: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number);
  const at = Date.UTC(y!, mo! - 1, d, h, mi, s, ms);
  return Number.isNaN(at) ? null : at;
}
