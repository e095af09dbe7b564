/**
 * Messages between the runner and a load generator (worker thread or child process). Plain data only, so
 * the same protocol works over `postMessage` and over a child process's IPC channel.
 */
import type { Bounds, Iterations, LoadModel, RawRun, RequestSpec, ScriptStep } from '../../core/bench/types.js';

/** A prepared request: target headers merged in, body already serialised. */
export interface WireRequest {
  method: RequestSpec['method'];
  /** Path with query string. */
  path: string;
  headers: Record<string, string>;
  body: string | null;
  expect_status: number[];
}

/** What a load job and a scripted job share: the load shape a runner splits over generators (split.ts). */
interface LoadShape {
  scenario: string;
  base_url: string;
  model: LoadModel;
  bounds: Bounds;
  /** Sent first and reported apart; zero bounds for none. */
  warmup: Bounds;
  timeout_ms: number;
  progress_ms: number;
  /** Sends per second this generator may make at most (tests: a generator that saturates deterministically). */
  thread_rate_cap?: number;
}

export interface LoadJob extends LoadShape {
  kind: 'load';
  request: WireRequest;
}

export interface PushJob {
  kind: 'push';
  scenario: string;
  base_url: string;
  stream: WireRequest;
  event: string;
  write: WireRequest;
  cleanup: WireRequest | null;
  count: number;
  event_timeout_ms: number;
  timeout_ms: number;
}

/**
 * A scripted scenario: every user runs the steps in order, templates filled from extracted values and data rows.
 * Its model is closed (users, stages) or open (iterations arriving at a rate, on at most `users` connections).
 */
export interface ScriptJob extends LoadShape {
  kind: 'script';
  /** Target headers, added to every step. */
  headers: Record<string, string>;
  /** Prefix of the target's base path. */
  base_path: string;
  steps: ScriptStep[];
  rows: Record<string, string>[] | null;
  /**
   * Data rows this generator takes: row_offset, then every row_stride-th (wrapping once they run out). A job split
   * over n generators gives part i offset i and stride n, so no row is fed twice while rows last. Default 0 and 1.
   */
  row_offset?: number;
  row_stride?: number;
  /** Open model: arrivals this generator schedules at most (its share of one generator's schedule). */
  max_arrivals?: number;
}

export type Job = LoadJob | PushJob | ScriptJob;

export interface LoadOutcome {
  kind: 'load';
  warmup: RawRun | null;
  measured: RawRun;
}

export interface PushOutcome {
  kind: 'push';
  /** Set when the stream endpoint is missing or refuses us: the scenario is reported as skipped. */
  skipped: string | null;
  measured: RawRun;
}

export interface ScriptOutcome {
  kind: 'script';
  warmup: RawRun | null;
  measured: RawRun;
  /** Passes through the steps: arrivals scheduled (open model), started, run to the end, dropped at the deadline. */
  iterations: Iterations;
  check_failures: number;
  /** One run per tag (every step is also tagged `step:NAME`). */
  by_tag: Record<string, RawRun>;
  /** Data rows taken, warm-up included (one per iteration started when the job has rows; 0 without). */
  rows_taken: number;
}

export type Outcome = LoadOutcome | PushOutcome | ScriptOutcome;

export interface GeneratorProgress {
  phase: 'warmup' | 'measure';
  elapsed_ms: number;
  requests: number;
  errors: number;
  p50_ms: number | null;
  p99_ms: number | null;
}

export type ToGenerator = { type: 'run'; id: number; job: Job } | { type: 'abort'; id: number } | { type: 'exit' };
export type FromGenerator =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: GeneratorProgress }
  | { type: 'result'; id: number; outcome: Outcome }
  | { type: 'error'; id: number; message: string };
