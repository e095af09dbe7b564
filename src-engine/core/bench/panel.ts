/**
 * The benchmark panel's API shapes (routes `bench.*` in core/api/bench.ts), shared by the service and the renderer.
 * Pure: plain JSON types and the loopback test that decides whether a target needs the user's explicit consent.
 */
import type { BenchResult, ProgressEvent } from './types.js';

/** A suite file in bench/suites/ as the panel lists it. */
export interface BenchSuiteInfo {
  /** The file's base name: what `bench.start` takes as `suite`. */
  name: string;
  description?: string;
  scenarios: { name: string; type: 'endpoint' | 'paired' | 'push'; description?: string }[];
}

/** Where a run sends its load: this engine (its own URL and bench token) or another HTTP API. */
export type BenchTargetInput =
  { kind: 'embedded' } | { kind: 'url'; base_url: string; headers?: Record<string, string>; allow_remote?: boolean };

/** Body of `POST /api/bench/runs`. Every field is optional: the default suite against this engine. */
export interface BenchStartBody {
  /** A suite file's base name (default "default"). */
  suite?: string;
  /** A whole suite given inline instead of a file (same JSON as bench/suites/*.json). */
  definition?: Record<string, unknown>;
  /** Short runs: ≤ 0.7 s per scenario, ≤ 5 requests per counted one. */
  quick?: boolean;
  /** Run only these scenarios (by name). */
  scenarios?: string[];
  target?: BenchTargetInput;
  /** Virtual users (keep-alive connections) per duration-bounded endpoint scenario. */
  users?: number;
  /** Open model at this rate (req/s). */
  rate?: number;
  /** Duration per duration-bounded scenario. */
  duration_ms?: number;
}

export type BenchRunStatus = 'running' | 'finished' | 'cancelled' | 'failed';

/** A run as `bench.get` answers: a live run (id "run-N") or a stored one (the history's numeric id). */
export interface BenchRunView {
  id: string;
  status: BenchRunStatus;
  suite: string;
  target_label: string;
  quick: boolean;
  started_at: string;
  finished_at: string | null;
  /** The run's id in the history once stored. */
  history_id: number | null;
  /** Latest progress per scenario (live runs). */
  progress: ProgressEvent[];
  result: BenchResult | null;
  error: string | null;
  cancel_requested: boolean;
}

/** A stored run as `bench.list` lists it (newest first). */
export interface BenchRunSummary {
  id: number;
  started_at: string;
  suite: string;
  target_label: string;
  verdict: string;
  quick: boolean;
}

export interface BenchListResult {
  items: BenchRunSummary[];
  /** The run in progress, if any (a panel opened mid-run re-attaches to it). */
  active: { id: string; suite: string; started_at: string } | null;
}

/**
 * The `bench-progress` live event. `kind: "scenario"`: a scenario's progress (a live chart point);
 * `planned_ms` is its duration bound (null when a request count bounds it). `kind: "run"`: the run ended.
 */
export type BenchLiveEvent =
  | ({ kind: 'scenario'; run_id: string; planned_ms: number | null } & ProgressEvent)
  | { kind: 'run'; run_id: string; status: BenchRunStatus; history_id: number | null };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether a URL names this machine (a benchmark elsewhere needs the user's explicit consent and is capped). */
export function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}
