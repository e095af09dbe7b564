/**
 * Schema v3: benchmark history. One row per `kira bench` / panel run; the full JSON result (with histograms)
 * is kept so any run can be re-rendered, regraded or compared later. Suite, target, verdict and time are
 * columns for listing without parsing JSON.
 */
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  version: 3,
  name: 'bench-runs',
  sql: `
CREATE TABLE bench_runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  suite TEXT NOT NULL,
  target_label TEXT NOT NULL,
  target_url TEXT NOT NULL,
  quick INTEGER NOT NULL DEFAULT 0,
  verdict TEXT NOT NULL,
  dataset TEXT,
  environment TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX bench_runs_by_suite ON bench_runs (suite, started_at);
`,
};
