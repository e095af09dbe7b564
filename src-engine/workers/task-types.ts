/**
 * What the main thread sends to the worker threads and gets back. Plain data only: tasks and results cross
 * the thread boundary by structured clone.
 */
export type SourceTable = 'expenses' | 'invoices' | 'clients' | 'quotes';

/**
 * One recalculation task: a date range of the company's expenses (by `date`) or invoices (by `issue_date`),
 * or the company's clients and quotes together (`people`, small tables, one task).
 */
export interface PartitionTask {
  dbPath: string;
  companyId: number;
  kind: 'expenses' | 'invoices' | 'people';
  /** ISO dates, `from` inclusive, `to` exclusive; null means unbounded on that side (and for `people`). */
  from: string | null;
  to: string | null;
}

/**
 * Control totals of one partition, read from its raw rows in the same snapshot as its rollup rows: row
 * counts and sums such as `expenses.amount`, `invoices.status.paid.total`, `client_invoices.open.count`
 * (see control-totals.ts for every name and what it is checked against). Partitions add up key by key.
 */
export type ControlTotals = Record<string, number>;

export interface PartitionResult {
  kind: PartitionTask['kind'];
  /**
   * Per rollup table, its rows as one JSON array of arrays (columns in `RollupDefinition.columns` order,
   * about primary-key order). JSON because the swap binds it whole to `json_each` in one INSERT, and a string
   * crosses the thread boundary as one copy instead of a structured clone of ~100k small arrays.
   */
  rows: Record<string, string>;
  control: ControlTotals;
  /** Time the worker spent on the task (for the bench's per-phase profile). */
  ms: number;
}

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

/** What code that schedules work needs from a pool (implemented by `pool/pool.ts`). */
export interface TaskRunner {
  readonly threadCount: number;
  run<K extends TaskName>(name: K, input: WorkerTasks[K]['input'], opts?: { signal?: AbortSignal }): Promise<WorkerTasks[K]['output']>;
}
