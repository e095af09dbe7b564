/**
 * Benchmark history in SQLite (table bench_runs, migration 003): every run is stored whole, so the panel can
 * chart a scenario across runs and any two runs can be compared.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError } from '../core/errors.js';
import type { BenchResult } from '../core/bench/types.js';
import type { BenchRunSummary } from '../core/bench/panel.js';
import { openDatabase, type Database } from '../store/open.js';

/** The user's data directory: $KIRA_DATA_DIR, else ~/.local/share/kira. */
export function defaultHistoryPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.KIRA_DATA_DIR && env.KIRA_DATA_DIR !== '' ? env.KIRA_DATA_DIR : join(homedir(), '.local', 'share', 'kira'), 'kira.db');
}

/** A stored run as history lists it: the panel's own shape. */
export type RunSummary = BenchRunSummary;

export class BenchHistory {
  private constructor(
    private readonly db: Database,
    private readonly owned: boolean,
  ) {}

  /** Open (and migrate) the history database at `path`. */
  static open(path: string): BenchHistory {
    return new BenchHistory(openDatabase(path), true);
  }

  /** Use a connection someone else owns (the service's store). */
  static on(db: Database): BenchHistory {
    return new BenchHistory(db, false);
  }

  save(r: BenchResult): number {
    const info = this.db
      .prepare(
        `INSERT INTO bench_runs (started_at, finished_at, suite, target_label, target_url, quick, verdict, dataset, environment, result)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        r.started_at,
        r.finished_at,
        r.suite,
        r.target.label,
        r.target.base_url,
        r.quick ? 1 : 0,
        r.verdict,
        r.environment.dataset ? JSON.stringify(r.environment.dataset) : null,
        JSON.stringify(r.environment),
        JSON.stringify(r),
      );
    return Number(info.lastInsertRowid);
  }

  get(id: number): BenchResult {
    const row = this.db.prepare('SELECT result FROM bench_runs WHERE id = ?').get(id) as { result: string } | undefined;
    if (!row) throw new NotFoundError('benchmark run', id);
    return JSON.parse(row.result) as BenchResult;
  }

  list(limit = 50): RunSummary[] {
    const rows = this.db
      .prepare('SELECT id, started_at, suite, target_label, verdict, quick FROM bench_runs ORDER BY id DESC LIMIT ?')
      .all(limit) as (Omit<RunSummary, 'quick'> & { quick: number })[];
    return rows.map((r) => ({ ...r, quick: r.quick === 1 }));
  }

  /** A scenario's p50/p99/mean across runs, oldest first (the panel's trend chart); only one target's runs when given. */
  series(scenario: string, limit = 100, target?: string): { id: number; started_at: string; p50: number; p99: number; mean: number }[] {
    const rows = this.db
      .prepare(
        `SELECT r.id AS id, r.started_at AS started_at, json_extract(s.value, '$.latency_ms.p50') AS p50, json_extract(s.value, '$.latency_ms.p99') AS p99,
                json_extract(s.value, '$.latency_ms.mean') AS mean
         FROM bench_runs AS r, json_each(r.result, '$.scenarios') AS s
         WHERE json_extract(s.value, '$.name') = ? AND json_extract(s.value, '$.status') = 'ok' AND (? IS NULL OR r.target_label = ?)
         ORDER BY r.id DESC LIMIT ?`,
      )
      .all(scenario, target ?? null, target ?? null, limit) as { id: number; started_at: string; p50: number; p99: number; mean: number }[];
    return rows.reverse();
  }

  close(): void {
    if (this.owned) this.db.close();
  }
}
