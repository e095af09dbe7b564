/**
 * The worker entry (compiled to dist/src-engine/workers/tasks.js): each export is one task kind, picked by
 * piscina's `name` run option. Every task reads through a read-only connection of its own, closed when it
 * ends; WAL lets it read while the main thread writes.
 */
import { computePartition } from './partition-compute.js';
import { withReadConnection } from './read-connections.js';
import type { PartitionResult, PartitionTask, QueryResult, QueryTask, QuickCheckTask } from './task-types.js';

export function rollupPartition(task: PartitionTask): PartitionResult {
  return withReadConnection(task.dbPath, (db) => computePartition(db, task));
}

export function query(task: QueryTask): QueryResult {
  return withReadConnection(task.dbPath, (db) => {
    const stmt = db.prepare(task.sql);
    if (!stmt.reader) throw new Error('Only queries that return rows can run in a worker');
    const columns = stmt.columns().map((c) => c.name);
    const rows = (task.params === undefined ? stmt.raw().all() : stmt.raw().all(task.params)) as unknown[][];
    return { columns, rows };
  });
}

/** `PRAGMA quick_check` reads the whole file: O(database), so it runs here, never on the main thread. */
export function quickCheck(task: QuickCheckTask): string[] {
  const rows = withReadConnection(task.dbPath, (db) => db.pragma('quick_check') as { quick_check: string }[]);
  return rows.map((r) => r.quick_check);
}
