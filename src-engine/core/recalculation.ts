export type RecalculationPhase = 'plan' | 'compute' | 'swap' | 'verify' | 'done';

/** How far a recalculation is (the `recalculate-progress` live event; the last one has phase `done`). */
export interface RecalculationProgress {
  phase: RecalculationPhase;
  done: number;
  total: number;
}

/** What a full recalculation of a company's rollups answers (`dashboard.realtimeRecalculate`, src-engine/pool/recalculate.ts). */
export interface RecalculationResult {
  duration_ms: number;
  rows: { expenses: number; invoices: number; clients: number; quotes: number };
  rollup_rows: Record<string, number>;
  partitions: number;
  /** Partitions recomputed under the write lock because writes touched them during the computation. */
  recomputed_partitions: number;
  /** Rollup tables whose stored rows differed from the recomputation and were rewritten (swap-rollups.ts). */
  rewritten_tables: string[];
  verified: true;
  /** How it was verified: control totals, or every row (`verify: 'full'`, or another connection wrote). */
  verification: 'totals' | 'full';
}
