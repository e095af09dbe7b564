/**
 * What the main thread sends to the worker threads and gets back. Plain data only: tasks and results cross
 * the thread boundary by structured clone.
 */
export type SourceTable = 'expenses' | 'invoices' | 'clients' | 'quotes';

/** Which of a source table's rows a partition reads: all of the company's, none, or a date range. */
export type SourceScope =
  | { kind: 'all' }
  | { kind: 'none' }
  /** `from` inclusive, `to` exclusive, ISO dates; null means unbounded on that side. */
  | { kind: 'range'; from: string | null; to: string | null };

export interface PartitionTask {
  dbPath: string;
  companyId: number;
  /** Rollup tables to compute (names from `ROLLUPS`). */
  tables: string[];
  scopes: Record<SourceTable, SourceScope>;
}

/** Raw rows per rollup table, columns in `RollupDefinition.columns` order. */
export type PartitionResult = Record<string, unknown[][]>;

/** A read-only query for long aggregations and exports (SELECT only: the connection is read-only). */
export interface QueryTask {
  dbPath: string;
  sql: string;
  params?: Record<string, unknown> | unknown[];
}

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export interface QuickCheckTask {
  dbPath: string;
}

/** Task name → input and output; the names are the worker entry's exports. */
export interface WorkerTasks {
  rollupPartition: { input: PartitionTask; output: PartitionResult };
  query: { input: QueryTask; output: QueryResult };
  quickCheck: { input: QuickCheckTask; output: string[] };
}
export type TaskName = keyof WorkerTasks;

/** What code that schedules work needs from a pool (implemented by `service/pool.ts`). */
export interface TaskRunner {
  readonly threadCount: number;
  run<K extends TaskName>(name: K, input: WorkerTasks[K]['input'], opts?: { signal?: AbortSignal }): Promise<WorkerTasks[K]['output']>;
}
