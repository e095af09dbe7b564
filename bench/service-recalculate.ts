/**
 * Bench (a): recalculation of one company's rollups in the worker pool vs one raw GROUP BY scan of the same
 * rows on one thread (the baseline, same run, same warm page cache). Goal: ratio ≤ 1.5.
 *
 *   node dist/bench/service-recalculate.js [--expenses 1000000] [--invoices 100000] [--runs 3] [--db path]
 *     [--verify totals|full] [--budget bench/service-budget.json]
 *
 * Besides the phases, prints the worker time per task kind (Σ over its tasks): compute × threads minus
 * their sum is the time the threads idled or waited for a core.
 */
import { WorkerPool } from '../src-engine/pool/pool.js';
import { Store } from '../src-engine/store/store.js';
import type { RecalculationPhase } from '../src-engine/core/recalculation.js';
import { recalculateCompany } from '../src-engine/pool/recalculate.js';
import { benchDatabase } from './lib/bench-database.js';
import { median } from '../src-engine/core/bench/stats.js';
import { finish, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';

const flags = new Flags(['runs', 'expenses', 'invoices', 'db', 'verify', 'budget']);
const runs = Math.max(1, flags.number('runs', 3));
const db = benchDatabase(flags.number('expenses', 1_000_000), flags.number('invoices', 100_000), flags.string('db'));
const store = Store.open(db.path);
const pool = new WorkerPool();

// The baseline reads every raw row once, grouped the way the two biggest rollups are.
const rawScan = () => {
  store.db
    .prepare(
      `SELECT date, category, SUM(amount), COUNT(*), SUM(amount * reimbursable) FROM expenses
    WHERE company_id = ? GROUP BY date, category`,
    )
    .raw()
    .all(db.companyId);
  store.db
    .prepare(`SELECT issue_date, status, SUM(total), COUNT(*) FROM invoices WHERE company_id = ? GROUP BY issue_date, status`)
    .raw()
    .all(db.companyId);
};
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

try {
  rawScan(); // warm the page cache for both sides
  const baselines: number[] = [];
  const totals: number[] = [];
  const phases = new Map<RecalculationPhase, number[]>();
  let partitions = 0;
  // Worker time per task kind (summed over a run's tasks): how busy the threads were during compute.
  const taskMs = new Map<string, number[]>();
  for (let i = 0; i < runs; i++) {
    baselines.push(time(rawScan));
    const marks: [RecalculationPhase, number][] = [];
    const t = performance.now();
    const perKind = new Map<string, number>();
    const r = await recalculateCompany(store, pool, db.companyId, {
      verify: flags.string('verify') === 'full' ? 'full' : 'totals',
      beforeSwap: (results) => {
        for (const res of results) perKind.set(res.kind, (perKind.get(res.kind) ?? 0) + res.ms);
      },
      onProgress: (p) => {
        if (p.done === 0 || p.phase === 'done') marks.push([p.phase, performance.now()]);
      },
    });
    totals.push(performance.now() - t);
    for (const [kind, ms] of perKind) taskMs.set(kind, [...(taskMs.get(kind) ?? []), ms]);
    partitions = r.partitions;
    marks.forEach(([phase, at], j) => {
      const next = marks[j + 1]?.[1];
      if (next !== undefined) phases.set(phase, [...(phases.get(phase) ?? []), next - at]);
    });
  }
  const baseline = median(baselines);
  const total = median(totals);
  const figures: Figure[] = [
    { name: 'recalc_ms', value: total, unit: 'ms', baseline },
    { name: 'recalc_ratio', value: total / baseline, unit: 'x', baseline: 1, goal: '≤ 1.5' },
    ...[...phases].map(([phase, ms]) => ({ name: `phase_${phase}_ms`, value: median(ms), unit: 'ms' })),
    ...[...taskMs].map(([kind, ms]) => ({ name: `worker_${kind}_ms`, value: median(ms), unit: 'ms (Σ tasks)' })),
  ];
  process.stdout.write(
    `database ${db.path} (${db.generated ? 'generated' : 'reused'}), ${pool.threadCount} worker threads, ${partitions} partitions, median of ${runs}\n`,
  );
  finish('recalculation vs one raw GROUP BY scan', figures, flags.string('budget'));
} finally {
  await pool.close();
  store.close();
}
