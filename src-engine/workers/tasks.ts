/**
 * The worker entry (compiled to dist/src-engine/workers/tasks.js): each export is one task kind, picked by
 * piscina's `name` run option. Every task reads through the thread's own read-only connection; WAL lets it
 * read while the main thread writes.
 */
import { computePartition } from './partition-compute.js';
import { readConnection } from './read-connections.js';
import type { PartitionResult, PartitionTask, QueryResult, QueryTask, QuickCheckTask } from './task-types.js';

export function rollupPartition(task: PartitionTask): PartitionResult {
  return computePartition(readConnection(task.dbPath), task);
}

export function query(task: QueryTask): QueryResult {
  const stmt = readConnection(task.dbPath).prepare(task.sql);
  if (!stmt.reader) throw new Error('Only queries that return rows can run in a worker');
  const columns = stmt.columns().map((c) => c.name);
  const rows = (task.params === undefined ? stmt.raw().all() : stmt.raw().all(task.params)) as unknown[][];
  return { columns, rows };
}

/** `PRAGMA quick_check` reads the whole file: O(database), so it runs here, never on the main thread. */
export function quickCheck(task: QuickCheckTask): string[] {
  const rows = readConnection(task.dbPath).pragma('quick_check') as { quick_check: string }[];
  return rows.map((r) => r.quick_check);
}
