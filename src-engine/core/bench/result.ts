/**
 * Assembling a run's result from what the generators measured: per-scenario figures and grades, then the
 * verdict, target lines, budget lines and recommendations. Pure, so the renderer can regrade a stored run
 * under another profile.
 */
import { checkBudgets, SEED_PROFILE, type BudgetProfile } from './budget.js';
import { grade, GRADE_MIN_SAMPLES, targetLines, verdict } from './grading.js';
import { checkSlo } from './slo.js';
import { latencyMs } from './histogram.js';
import { recommendations } from './recommend.js';
import { runStats } from './stats.js';
import { decodeHistogram } from './histogram.js';
import { describeModel } from './suite.js';
import type {
  BenchResult,
  Environment,
  GateLine,
  Iterations,
  LatencyMs,
  RawRun,
  Scenario,
  ScenarioResult,
  Suite,
  Target,
} from './types.js';

/** Errors fail a run by default: every scenario must reach this success rate (percent) unless --min-success says otherwise. */
const DEFAULT_MIN_SUCCESS = 99;

const EMPTY_LATENCY: LatencyMs = { min: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };

function requestOf(s: Scenario): { method: string; path: string } {
  return s.type === 'push'
    ? { method: s.write.method, path: `${s.write.path} → ${s.stream.path}` }
    : { method: s.request.method, path: s.request.path };
}

function shell(s: Scenario): Omit<ScenarioResult, 'status'> {
  return {
    name: s.name,
    type: s.type,
    ...(s.description !== undefined ? { description: s.description } : {}),
    counts_for_verdict: s.type === 'endpoint',
    target_class: s.type === 'endpoint' ? s.target_class : null,
    ...requestOf(s),
    model: s.type === 'push' ? `${s.count} writes, 1 stream` : describeModel(s.model),
    requests: 0,
    errors: { status: 0, timeout: 0, connection: 0 },
    error_total: 0,
    statuses: {},
    success_rate: 0,
    throughput: 0,
    bytes_received: 0,
    window_ms: 0,
    latency_ms: { ...EMPTY_LATENCY },
    histogram: '',
    buckets: [],
    queued_late: 0,
    warmup: null,
    grade: null,
    grade_reasons: [],
  };
}

export function skippedScenario(s: Scenario, reason: string): ScenarioResult {
  return { ...shell(s), status: 'skipped', skip_reason: reason };
}

export function failedScenario(s: Scenario, reason: string): ScenarioResult {
  return { ...shell(s), status: 'failed', skip_reason: reason };
}

/** Below this share of its target rate an open-model scenario is marked saturated. */
const SATURATED_BELOW = 0.9;
/** Generator event-loop utilisation from which the generator itself is named as the limit. */
const GENERATOR_BUSY = 0.9;
/** Share of requests the generator sent late with a connection free from which it is named as the limit. */
const GENERATOR_LATE = 0.1;

/** Open model: target vs achieved rate, and whether (and why) the generator could not hold it. */
function openRate(s: Scenario, st: ReturnType<typeof runStats>): Pick<ScenarioResult, 'rate' | 'saturated' | 'saturation'> {
  if (s.type === 'push' || s.model.type !== 'open' || st.requests + (st.dropped ?? 0) === 0) return {};
  const target = s.model.rate;
  const achieved = st.throughput;
  if (achieved >= target * SATURATED_BELOW) return { rate: { target, achieved }, saturated: false };
  const busy = st.generator_busy ?? 0;
  const late = st.requests > 0 ? (st.sent_late ?? 0) / st.requests : 0;
  const saturation =
    busy >= GENERATOR_BUSY
      ? `generator CPU: its event loop was busy ${Math.round(busy * 100)}% of the run`
      : late >= GENERATOR_LATE
        ? `generator: ${Math.round(late * 100)}% of requests left late with a connection free (event-loop lag p99 ${st.generator_lag_p99_ms ?? 0} ms)`
        : `connections: all ${s.model.users} were waiting on the server (mean ${st.latency_ms.mean} ms), so at most ${st.latency_ms.mean > 0 ? Math.round((s.model.users / st.latency_ms.mean) * 1000) : '—'} req/s could be sent`;
  return { rate: { target, achieved }, saturated: true, saturation };
}

/** Figures of one scenario; the grade is filled in by `assembleResult` (it depends on the profile). */
export function measuredScenario(s: Scenario, measured: RawRun, warmup: RawRun | null): ScenarioResult {
  const st = runStats(measured);
  return {
    ...shell(s),
    status: measured.aborted ? 'aborted' : 'ok',
    ...st,
    ...openRate(s, st),
    warmup: warmup
      ? {
          requests: warmup.requests,
          error_total: warmup.errors.status + warmup.errors.timeout + warmup.errors.connection,
          latency_ms: latencyMs(decodeHistogram(warmup.histogram)),
        }
      : null,
  };
}

/**
 * Scripted: every step's requests together, failed checks, and figures per tag (`step:NAME` and the suite's tags).
 * In the open model the rate is of iterations (one arrival = one pass through the steps): target vs started per second.
 */
export function scriptedScenario(
  s: Scenario,
  out: { measured: RawRun; warmup: RawRun | null; check_failures: number; by_tag: Record<string, RawRun>; iterations: Iterations },
): ScenarioResult {
  const tags: NonNullable<ScenarioResult['tags']> = {};
  for (const [name, run] of Object.entries(out.by_tag)) {
    const st = runStats(run);
    tags[name] = { requests: st.requests, error_total: st.error_total, success_rate: st.success_rate, latency_ms: st.latency_ms };
  }
  const base = measuredScenario(s, out.measured, out.warmup);
  const it = out.iterations;
  const result: ScenarioResult = { ...base, check_failures: out.check_failures, tags, iterations: it };
  if (s.type !== 'push' && s.model.type === 'open' && it.scheduled > 0) {
    const target = s.model.rate;
    const seconds = Math.max(out.measured.window_ms, s.bounds.duration_ms) / 1000;
    const achieved = Math.round((it.started / seconds) * 100) / 100;
    const saturated = achieved < target * SATURATED_BELOW;
    result.rate = { target, achieved };
    result.saturated = saturated;
    if (saturated)
      result.saturation =
        (base.generator_busy ?? 0) >= GENERATOR_BUSY
          ? `generator CPU: its event loop was busy ${Math.round((base.generator_busy ?? 0) * 100)}% of the run`
          : `users: all ${s.model.users} were inside an iteration when arrivals came (${it.dropped} of ${it.scheduled} dropped)`;
    else delete result.saturation;
  }
  return result;
}

/** Paired: the scenario's headline figures are the first variant's (the cache miss); both sit in `paired`. */
export function pairedScenario(s: Scenario & { type: 'paired' }, a: RawRun, b: RawRun, warmup: RawRun | null): ScenarioResult {
  const base = measuredScenario(s, a, warmup);
  const sa = runStats(a);
  const sb = runStats(b);
  const ratio = (x: number, y: number) => (y > 0 ? Math.round((x / y) * 100) / 100 : null);
  return {
    ...base,
    status: a.aborted || b.aborted ? 'aborted' : 'ok',
    paired: {
      a: { label: s.variants[0].label, ...sa },
      b: { label: s.variants[1].label, ...sb },
      ratio_mean: ratio(sa.latency_ms.mean, sb.latency_ms.mean),
      ratio_p50: ratio(sa.latency_ms.p50, sb.latency_ms.p50),
    },
  };
}

export interface AssembleInput {
  suite: Suite;
  target: Target;
  scenarios: ScenarioResult[];
  environment: Environment;
  started_at: string;
  finished_at: string;
  quick: boolean;
  aborted: boolean;
  profile?: BudgetProfile;
  profileName?: string | null;
  /** Percent; default DEFAULT_MIN_SUCCESS. */
  minSuccess?: number;
}

/** One success gate per scenario that ran or should have: skipped ones are reported, not gated. */
function successGates(scenarios: readonly ScenarioResult[], min: number): GateLine[] {
  const lines: GateLine[] = [];
  for (const s of scenarios) {
    if (s.status === 'skipped') continue;
    const expected = `success ≥ ${min}%`;
    if (s.status !== 'ok') lines.push({ gate: 'min-success', scenario: s.name, expected, actual: s.status, pass: false });
    else if (s.requests === 0) lines.push({ gate: 'min-success', scenario: s.name, expected, actual: 'no requests', pass: min <= 0 });
    else lines.push({ gate: 'min-success', scenario: s.name, expected, actual: `${s.success_rate}%`, pass: s.success_rate >= min });
  }
  return lines;
}

const METHOD_NOTES = [
  'Requests are real HTTP/1.1 over loopback (or the given target), one keep-alive connection per virtual user (a raw node:net client for http:, undici Client for https:, pipelining 1).',
  'The load generator runs in its own thread/process, never on the event loop of the server it measures.',
  'Closed model: each user sends its next request when the last one answered; latency = answer − send.',
  'Open model: requests are due at a fixed rate; latency = answer − intended send time (coordinated omission corrected, as wrk2).',
  'Warm-up requests are sent first on the same connections and reported apart; they are not in the figures.',
  'Latency: HDR histogram, 1 µs resolution, 3 significant digits, of successful requests; answers with an unexpected status are reported apart (failed latency), timeouts and connection failures are counted as errors, not latencies.',
  'Percentiles need samples (p95 ≥ 20, p99 ≥ 100, p99.9 ≥ 1000): shorter ones are marked; a grade needs ≥ 5 successful requests.',
  'Throughput = requests completed / measured window (first send to last answer).',
  'Grade: seed scale on the mean (A+ < 100 ms, A < 200, B < 500, C < 1000, D otherwise); p99 > 4× the grade threshold drops one step; success < 95% caps at C; success < 50% is D.',
];

/** Grades every scenario under the profile's scale, then the verdict, targets, budgets and recommendations. */
export function assembleResult(input: AssembleInput): BenchResult {
  const profile = input.profile ?? SEED_PROFILE;
  const slos = new Map(input.suite.scenarios.map((s) => [s.name, s.slo]));
  const scenarios = input.scenarios.map((s): ScenarioResult => {
    const slo = slos.get(s.name);
    const withSlo = slo && s.status !== 'skipped' ? { slo: checkSlo(s, slo) } : {};
    if (s.status !== 'ok' || s.type === 'push' || s.requests === 0)
      return {
        ...s,
        ...withSlo,
        grade: null,
        grade_reasons: s.status === 'ok' && s.type === 'push' ? ['push latency is reported, not graded'] : [],
      };
    const samples = s.samples ?? s.requests - s.error_total;
    if (samples > 0 && samples < GRADE_MIN_SAMPLES)
      return {
        ...s,
        ...withSlo,
        grade: null,
        grade_reasons: [`only ${samples} successful request${samples === 1 ? '' : 's'}: a grade needs ≥ ${GRADE_MIN_SAMPLES}`],
      };
    const g = grade(s.latency_ms.mean, s.latency_ms.p99, s.success_rate, profile.scale, samples);
    return { ...s, ...withSlo, grade: g.grade, grade_reasons: g.reasons };
  });
  const v = verdict(scenarios, profile.targets.verdict_fast_ms);
  const suiteBudgets = Object.fromEntries(input.suite.scenarios.map((s) => [s.name, s.budget]));
  const budgets = checkBudgets(scenarios, suiteBudgets, profile);
  const targets = targetLines(scenarios, profile.targets);
  const result: BenchResult = {
    format: 'kira-bench/1',
    suite: input.suite.name,
    target: { base_url: input.target.base_url, label: input.target.label, remote: input.target.remote },
    started_at: input.started_at,
    finished_at: input.finished_at,
    quick: input.quick,
    aborted: input.aborted,
    environment: input.environment,
    method: METHOD_NOTES,
    scenarios,
    verdict: v.verdict,
    verdict_detail: { fast: v.fast, graded: v.graded, share: v.share },
    targets,
    budgets,
    budget_profile: input.profileName ?? null,
    recommendations: [],
  };
  const minSuccess = input.minSuccess ?? DEFAULT_MIN_SUCCESS;
  result.min_success = minSuccess;
  result.gates = successGates(scenarios, minSuccess);
  result.saturated = scenarios.some((s) => s.saturated === true);
  result.pass = result.gates.every((g) => g.pass) && budgets.every((b) => b.pass) && scenarios.every((s) => s.slo?.pass !== false);
  result.recommendations = recommendations(result);
  return result;
}
