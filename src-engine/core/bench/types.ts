/**
 * The benchmark's data shapes. Everything here is plain JSON (no class instances, no Maps) so a result can
 * cross a worker boundary, be stored in SQLite, be sent to the renderer and be rendered by any printer.
 * Field names are snake_case like the rest of Kira's JSON.
 */

/** One HTTP request as a suite describes it (relative to the target's base URL). */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** JSON value sent as `application/json`, or a string sent as is. */
  body?: unknown;
  /** Status codes that count as success (default [200]). */
  expect_status?: number[];
}

/**
 * closed: N users, each sends when its last request answered (paced to at most `max_rate` req/s in all when
 * set — the remote cap). open: a fixed arrival rate (req/s).
 */
export type LoadModel =
  { type: 'closed'; users: number; max_rate?: number; stages?: Stage[] } | { type: 'open'; rate: number; users: number; stages?: Stage[] };

/** One load stage: ramped linearly from the previous stage's users (closed) or rate (open) to this one's. */
export interface Stage {
  duration_ms: number;
  users?: number;
  rate?: number;
}

/** When a run stops: whichever of duration / request count comes first (both always capped). */
export interface Bounds {
  duration_ms: number;
  max_requests: number;
}

/** Which pass/fail target line applies to a scenario (seed's targets). */
export type TargetClass = 'standard' | 'realtime' | 'health';

/** Per-scenario budget: every given limit must hold. Latencies in ms, success in percent. */
export interface Budget {
  mean_ms?: number;
  p50_ms?: number;
  p95_ms?: number;
  p99_ms?: number;
  max_ms?: number;
  min_success_rate?: number;
  min_throughput?: number;
  min_grade?: Grade;
}

/** Service-level objective of one scenario: every given limit must hold; Apdex with threshold T (ms). */
export interface Slo {
  p95_ms?: number;
  p99_ms?: number;
  /** Failed requests (any kind) as a percent of all requests. */
  error_rate_pct?: number;
  /** Apdex threshold T: satisfied ≤ T, tolerating ≤ 4T, the rest and every failure frustrated. */
  apdex_t_ms?: number;
  /** The Apdex score the SLO needs (default 0.85, "good") when apdex_t_ms is set. */
  min_apdex?: number;
}

interface ScenarioBase {
  name: string;
  description?: string;
  /** Budget from the suite; a budget file overrides it per limit. */
  budget?: Budget;
  slo?: Slo;
}

/** A check on an answer: a failed check counts like an error (in `errors.status`, and in `check_failures`). */
export type Check =
  { status: number } | { pointer: string; equals: unknown } | { header: string; matches: string } | { body_matches: string };

/** One step of a scripted scenario: a request, values extracted from its JSON answer, checks, think time, tags. */
export interface ScriptStep {
  name: string;
  request: RequestSpec;
  /** var → JSON pointer into the answer: `{{var}}` in later steps (path, headers, body). */
  extract?: Record<string, string>;
  checks?: Check[];
  think_ms?: number;
  tags?: string[];
}

/** Scripted scenarios: passes through the steps (an open-model arrival is one iteration). */
export interface Iterations {
  /** Arrivals due before the deadline (open model; the closed model counts those started). */
  scheduled: number;
  started: number;
  /** Run through every step. */
  completed: number;
  /** Open model: arrivals that never got a free user before the deadline (counted like dropped requests). */
  dropped: number;
}

/**
 * The load generators behind a scenario: how many threads (or processes) and why, with each one's busy share
 * (event-loop utilisation, the CPU it spent on the event loop), its event-loop lag and its requests.
 */
export interface GeneratorsUsed {
  threads: number;
  /** 'explicit' (--threads N), 'auto' (chosen from a calibration run), 'single' (a scenario that runs on one). */
  chosen: 'explicit' | 'auto' | 'single';
  reason: string;
  per_thread: { busy: number; lag_p99_ms: number; requests: number; sent_late: number; cpu_ms?: number }[];
  /** The short run that chose the count (auto): its rate, busy share and requests sent late by the generator. */
  calibration?: {
    ms: number;
    target_rate: number | null;
    achieved_rate: number;
    busy: number;
    lag_p99_ms: number;
    sent_late_share: number;
  };
}

/** A scripted scenario's plan: steps run in order by every virtual user, one data row per iteration. */
export interface Script {
  steps: ScriptStep[];
  /** Rows from `data: { file }` (read by the CLI) or given inline as `data: { rows }`: columns are `{{column}}`. */
  rows: Record<string, string>[] | null;
}

/** A plain endpoint load test. */
export interface EndpointScenario extends ScenarioBase {
  type: 'endpoint';
  request: RequestSpec;
  /** Present when the scenario is scripted (steps, checks, data, think time or tags): closed model only. */
  script?: Script;
  model: LoadModel;
  bounds: Bounds;
  warmup: Bounds;
  target_class: TargetClass;
  request_timeout_ms: number;
}

/** The same request twice with different headers (cache miss vs hit): both distributions and their ratio. */
export interface PairedScenario extends ScenarioBase {
  type: 'paired';
  request: RequestSpec;
  variants: [PairedVariant, PairedVariant];
  model: LoadModel;
  bounds: Bounds;
  warmup: Bounds;
  request_timeout_ms: number;
}

export interface PairedVariant {
  label: string;
  headers?: Record<string, string>;
}

/** A write, then the time until the live stream pushes the event that reflects it. */
export interface PushScenario extends ScenarioBase {
  type: 'push';
  stream: { path: string; event: string; headers?: Record<string, string> };
  write: RequestSpec;
  /** Undo each write (path may use `{{id}}` from the write's JSON answer) so a benchmark leaves the books as they were. */
  cleanup?: RequestSpec;
  count: number;
  /** How long to wait for each event before counting a timeout. */
  event_timeout_ms: number;
}

export type Scenario = EndpointScenario | PairedScenario | PushScenario;

export interface Suite {
  name: string;
  description?: string;
  scenarios: Scenario[];
}

/** Where requests go. Headers are added to every request (auth). */
export interface Target {
  base_url: string;
  headers: Record<string, string>;
  /** A human label (e.g. "embedded: demo.db"); never includes headers (they may hold tokens). */
  label: string;
  remote: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Measurements

export interface ErrorCounts {
  /** Answered with a status not in `expect_status`. */
  status: number;
  timeout: number;
  connection: number;
}

/** Distribution of one histogram in milliseconds (the histogram itself records microseconds). */
export interface LatencyMs {
  min: number;
  mean: number;
  stddev: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** A chart bucket: `count` requests took between `from_ms` and `to_ms`. */
export interface HistogramBucket {
  from_ms: number;
  to_ms: number;
  count: number;
}

/** What a generator returns for one run: counts plus the serialised histogram (base64 HDR, microseconds). */
export interface RawRun {
  requests: number;
  errors: ErrorCounts;
  /** Status code → count, for every answered request. */
  statuses: Record<string, number>;
  bytes_received: number;
  /** The measured window, from the first send to the last completion (ms). */
  window_ms: number;
  /** Encoded HDR histogram of successful requests, microseconds. */
  histogram: string;
  /** Encoded HDR histogram of answered requests with an unexpected status (their latency is reported apart). */
  failed_histogram?: string;
  /** Share of the measured window the generator's event loop was busy (0–1): near 1, the generator was the limit. */
  generator_busy?: number;
  /** p99 of the generator's event-loop delay over the phase (ms). */
  generator_lag_p99_ms?: number;
  /** CPU time (user + system) the generator spent over the phase, when it has a process of its own (the CLI's). */
  generator_cpu_ms?: number;
  /** Open model: requests due before the deadline that were never sent (the run stops at its duration). */
  dropped?: number;
  /** Requests still in flight when the phase ended (after a short grace): neither answered nor failed. */
  unfinished?: number;
  /** Failed attempts to connect (refused, unreachable), counted apart from requests. */
  connect_failures?: number;
  /** Per-second slices of the phase (the report's timeline). */
  timeline?: TimelinePoint[];
  /** Finer slices (100 ms for phases up to 10 s) from which comparisons estimate run-to-run noise. */
  noise_slices?: TimelinePoint[];
  /** The run stopped because it was cancelled. */
  aborted: boolean;
  /** Open model: requests that could not be sent on time because every connection was busy. */
  queued_late: number;
  /** Open model: requests sent more than a few ms after their intended time although a connection was free (the generator was late). */
  sent_late?: number;
}

/** One time slice of a phase: `t` its start (s from the phase start), `ms` its length, p50/p99 of its successes. */
export interface TimelinePoint {
  t: number;
  ms: number;
  requests: number;
  errors: number;
  p50: number | null;
  p99: number | null;
}

/** A run before its first request. */
export function emptyRawRun(): RawRun {
  return {
    requests: 0,
    errors: { status: 0, timeout: 0, connection: 0 },
    statuses: {},
    bytes_received: 0,
    window_ms: 0,
    histogram: '',
    aborted: false,
    queued_late: 0,
  };
}

export interface RunStats {
  requests: number;
  errors: ErrorCounts;
  error_total: number;
  statuses: Record<string, number>;
  success_rate: number;
  throughput: number;
  bytes_received: number;
  window_ms: number;
  latency_ms: LatencyMs;
  histogram: string;
  buckets: HistogramBucket[];
  queued_late: number;
  /** Successful requests behind the latency figures. */
  samples?: number;
  /** Percentiles quoted from fewer samples than they need (e.g. a p99 needs 100): shown, but marked. */
  short_percentiles?: string[];
  /** Latency of answered requests that failed (unexpected status), apart from the successful ones. */
  failed_latency_ms?: LatencyMs | null;
  generator_busy?: number | null;
  generator_lag_p99_ms?: number | null;
  /** Generator CPU (ms) over the measured phase, summed over its processes; absent for worker threads. */
  generator_cpu_ms?: number;
  /** Open model: requests the generator sent late with a connection free (it, not the server, was behind). */
  sent_late?: number;
  dropped?: number;
  unfinished?: number;
  connect_failures?: number;
  timeline?: TimelinePoint[];
  noise_slices?: TimelinePoint[];
}

export type Grade = 'A+' | 'A' | 'B' | 'C' | 'D';

export interface ScenarioResult extends RunStats {
  name: string;
  type: Scenario['type'];
  description?: string;
  /** Graded endpoint scenarios count toward the verdict; comparisons and push latency do not. */
  counts_for_verdict: boolean;
  target_class: TargetClass | null;
  method: string;
  path: string;
  model: string;
  status: 'ok' | 'skipped' | 'failed' | 'aborted';
  skip_reason?: string;
  warmup: { requests: number; error_total: number; latency_ms: LatencyMs } | null;
  /** Paired scenarios: both distributions and the ratio of the first to the second. */
  paired?: { a: { label: string } & RunStats; b: { label: string } & RunStats; ratio_mean: number | null; ratio_p50: number | null };
  grade: Grade | null;
  grade_reasons: string[];
  /** The scenario's SLO checked (beside the seed grade), when the suite sets one. */
  slo?: SloResult;
  /** Open model: the rate asked for and the rate answered (req/s). */
  rate?: { target: number; achieved: number };
  /** Scripted scenarios: failed checks (also counted in errors.status), and figures per tag and per step. */
  check_failures?: number;
  tags?: Record<string, { requests: number; error_total: number; success_rate: number; latency_ms: LatencyMs }>;
  /** The generator could not hold the open model's rate (achieved < 90% of target); `saturation` says what held it. */
  saturated?: boolean;
  saturation?: string;
  /** Scripted scenarios: passes through the steps; in the open model `rate` counts iterations per second. */
  iterations?: Iterations;
  /** Endpoint scenarios: the generator threads that carried the load. */
  generators?: GeneratorsUsed;
}

export interface SloResult {
  pass: boolean;
  apdex: number | null;
  lines: { limit: string; expected: string; actual: string; pass: boolean }[];
}

/** A run-level gate (success rate by default): any failed gate fails the run (exit 1). */
export interface GateLine {
  gate: string;
  scenario: string | null;
  expected: string;
  actual: string;
  pass: boolean;
}

export interface Environment {
  cpu_model: string;
  cores: number;
  total_memory_mb: number;
  platform: string;
  node: string;
  kira_version: string;
  dataset: Record<string, number> | null;
  load_generator: string;
}

export interface TargetLine {
  scenario: string;
  target: string;
  limit: number;
  actual: number;
  pass: boolean;
}

export interface BudgetLine {
  scenario: string;
  limit: string;
  expected: string;
  actual: string;
  pass: boolean;
}

export type Verdict = 'EXCELLENT' | 'GOOD' | 'NEEDS IMPROVEMENT';

export interface BenchResult {
  format: 'kira-bench/1';
  suite: string;
  target: { base_url: string; label: string; remote: boolean };
  started_at: string;
  finished_at: string;
  quick: boolean;
  aborted: boolean;
  environment: Environment;
  method: string[];
  scenarios: ScenarioResult[];
  verdict: Verdict;
  verdict_detail: { fast: number; graded: number; share: number };
  targets: TargetLine[];
  budgets: BudgetLine[];
  budget_profile: string | null;
  recommendations: string[];
  /** Minimum success rate (percent) every scenario must reach (default 99). */
  min_success?: number;
  gates?: GateLine[];
  /** Every gate, budget and SLO held. */
  pass?: boolean;
  /** Some open-model scenario could not be driven at its rate: its figures describe a lighter load. */
  saturated?: boolean;
  /** A suite written or uploaded in the panel, as it was sent: stored with the run so it can be run again. */
  definition?: Record<string, unknown>;
}

/** Live progress, posted a few times a second per running scenario. */
export interface ProgressEvent {
  scenario: string;
  phase: 'warmup' | 'measure' | 'done' | 'skipped';
  index: number;
  total: number;
  elapsed_ms: number;
  requests: number;
  errors: number;
  /** Latencies of the last progress interval (a live chart point), null when nothing completed in it. */
  p50_ms: number | null;
  p99_ms: number | null;
}
