/**
 * Recalculation (`realtime/recalculate`): rebuild every rollup of one company from the raw rows, the heavy
 * work partitioned across worker threads, then swap the result in atomically and verify it.
 *
 * Writes during the computation are not lost. The workers each read a snapshot taken when their task starts,
 * and the main thread keeps accepting writes meanwhile. Every write publishes a ChangeEvent after commit, so
 * listening from before the first dispatch catches every write the workers may have missed; the partitions
 * they touched are marked stale. The swap then takes the write lock (one IMMEDIATE transaction), and only
 * then recomputes the stale partitions (on a read-only connection: with the lock held no raw row can change,
 * so it reads exactly what the transaction sees), replaces the company's rollup rows and verifies them before
 * commit (control totals, see control-totals.ts; the full `compareRollups` with `verify: 'full'` or when
 * another connection committed meanwhile). A mismatch (for example a write by another process, which our
 * feed cannot see) throws and rolls everything back: never half done.
 */
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../store/open.js';
import { getCompany } from '../store/reads/companies.js';
import { compareRollups } from '../store/rollups.js';
import type { Store } from '../store/store.js';
import { addControlTotals, checkRecalculation, type ControlMismatch } from './control-totals.js';
import { stalePartitions } from './dirty-partitions.js';
import { RecalculationRunningError, RollupVerificationError, TaskCancelledError } from './errors.js';
import { planPartitions } from './partition-plan.js';
import { computePartition } from '../workers/partition-compute.js';
import { swapRollups } from './swap-rollups.js';
import type { ControlTotals, PartitionResult, TaskRunner } from '../workers/task-types.js';
import type { RecalculationPhase, RecalculationProgress, RecalculationResult } from '../core/recalculation.js';

export interface RecalculationOptions {
  onProgress?: (p: RecalculationProgress) => void;
  signal?: AbortSignal;
  /**
   * Awaited after the workers finish and before the swap, with their results (tests use it to write at that
   * exact point, or to corrupt a result and see verification catch it).
   */
  beforeSwap?: (results: PartitionResult[]) => Promise<void> | void;
  /** Smallest partition in rows (default 20,000); tests lower it to exercise partitioning and merging. */
  minRowsPerPartition?: number;
  /**
   * `totals` (default): control totals of every rollup column against the raw rows (control-totals.ts).
   * `full`: also `compareRollups`, which recomputes every rollup once more on the main thread (≈ 2× the cost
   * of the whole recalculation).
   */
  verify?: 'totals' | 'full';
}

const running = new WeakMap<Store, Set<number>>();

export async function recalculateCompany(
  store: Store,
  pool: TaskRunner,
  companyId: number,
  opts: RecalculationOptions = {},
): Promise<RecalculationResult> {
  const started = performance.now();
  getCompany(store.db, companyId); // throws the repository's "company N does not exist"
  const inFlight = running.get(store) ?? new Set<number>();
  running.set(store, inFlight);
  if (inFlight.has(companyId)) throw new RecalculationRunningError(companyId);
  inFlight.add(companyId);

  const progress = (phase: RecalculationPhase, done: number, total: number) => opts.onProgress?.({ phase, done, total });
  const stale = new Set<number>();
  let plan: ReturnType<typeof planPartitions> = [];
  // Subscribed before planning and dispatch: any write committed later may be invisible to some worker.
  const unsubscribe = store.changes.subscribe((e) => {
    for (const i of stalePartitions(plan, companyId, e)) stale.add(i);
  });
  // One failed or cancelled partition stops the others.
  const abort = new AbortController();
  const onCallerAbort = () => abort.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  let reader: Database | null = null;
  // PRAGMA data_version changes when another connection commits; our own writes are seen by the feed.
  const versionAtStart = store.db.pragma('data_version', { simple: true }) as number;
  try {
    progress('plan', 0, 1);
    plan = planPartitions(store.db, store.path, companyId, pool.threadCount, opts.minRowsPerPartition);
    progress('plan', 1, 1);

    let done = 0;
    progress('compute', 0, plan.length);
    const results: PartitionResult[] = await Promise.all(
      plan.map(async (p) => {
        const r = await pool.run('rollupPartition', p.task, { signal: abort.signal });
        progress('compute', ++done, plan.length);
        return r;
      }),
    ).catch((e: unknown) => {
      abort.abort(e);
      throw e;
    });
    await opts.beforeSwap?.(results);
    if (opts.signal?.aborted) throw new TaskCancelledError('recalculation aborted');

    progress('swap', 0, 1);
    const full = opts.verify === 'full';
    const dataVersion = () => store.db.pragma('data_version', { simple: true }) as number;
    const result = store.write(() => {
      // Another connection (process) committed since planning: the feed cannot say what it touched.
      const foreignWrite = dataVersion() !== versionAtStart;
      const recomputed = [...stale];
      for (const i of recomputed) {
        reader ??= openDatabase(store.path, { readonly: true });
        const p = plan[i];
        if (p) results[i] = computePartition(reader, p.task);
      }
      const control: ControlTotals = {};
      for (const r of results) addControlTotals(control, r.control);
      const rewritten = swapRollups(store.db, companyId, results);
      progress('swap', 1, 1);
      progress('verify', 0, 1);
      const { mismatches, rollupRows } = checkRecalculation(store.db, companyId, control);
      const mismatched: (ControlMismatch | ReturnType<typeof compareRollups>[number])[] = [...mismatches];
      if (mismatched.length === 0 && (full || foreignWrite)) mismatched.push(...compareRollups(store.db, [companyId]));
      if (mismatched.length > 0) throw new RollupVerificationError(companyId, mismatched);
      progress('verify', 1, 1);
      const totalRollupRows = Object.values(rollupRows).reduce((x, y) => x + y, 0);
      const raw = (key: string) => control[key] ?? 0;
      return {
        result: {
          duration_ms: 0,
          // Verified above against the raw tables' counts under the lock.
          rows: {
            expenses: raw('expenses.count'),
            invoices: raw('invoices.count'),
            clients: raw('clients.count'),
            quotes: raw('quotes.count'),
          },
          rollup_rows: rollupRows,
          partitions: plan.length,
          recomputed_partitions: recomputed.length,
          rewritten_tables: rewritten,
          verified: true as const,
          verification: full || foreignWrite ? ('full' as const) : ('totals' as const),
        },
        change: { companyId, tables: ['rollups' as const], dates: [], source: 'recalculate' as const, rows: totalRollupRows },
      };
    });
    result.duration_ms = Math.round((performance.now() - started) * 10) / 10;
    progress('done', 1, 1);
    return result;
  } finally {
    unsubscribe();
    opts.signal?.removeEventListener('abort', onCallerAbort);
    inFlight.delete(companyId);
    (reader as Database | null)?.close();
  }
}
