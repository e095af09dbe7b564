/**
 * Grades, verdict and target lines. The seed's scale (on the mean) is kept for comparability; Kira adds two
 * gates the seed lacked and names each gate that changed a grade, so a grade always says why it is what it is.
 */
import type { Grade, ScenarioResult, TargetClass, TargetLine, Verdict } from './types.js';

export const GRADES: readonly Grade[] = ['A+', 'A', 'B', 'C', 'D'];

/** Upper bound (exclusive, ms) on the mean for each grade; D has none. */
export type GradeScale = Record<Exclude<Grade, 'D'>, number>;

export const SEED_SCALE: GradeScale = { 'A+': 100, A: 200, B: 500, C: 1000 };

export interface TargetLimits {
  standard_ms: number;
  realtime_ms: number;
  health_ms: number;
  /** Percent; success must be strictly above it. */
  success_rate: number;
  /** Verdict: a graded endpoint is "fast" when its mean is below this. */
  verdict_fast_ms: number;
}

export const SEED_TARGETS: TargetLimits = { standard_ms: 500, realtime_ms: 200, health_ms: 100, success_rate: 95, verdict_fast_ms: 200 };

/** Below this success rate the grade is capped at C. */
const SUCCESS_GATE = 95;
/** A p99 above this multiple of the grade's threshold drops the grade one step. */
const TAIL_FACTOR = 4;
/** Below this success rate a scenario "mostly failed": graded D, never fast, no target line passes. */
const MOSTLY_FAILED = 50;
/** Fewest successful samples a grade is given from; the tail gate needs a p99 from at least TAIL_MIN_SAMPLES. */
export const GRADE_MIN_SAMPLES = 5;
const TAIL_MIN_SAMPLES = 100;

export interface Graded {
  grade: Grade;
  reasons: string[];
}

const fmt = (ms: number) => `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms`;

export function gradeForMean(meanMs: number, scale: GradeScale = SEED_SCALE): Grade {
  for (const g of ['A+', 'A', 'B', 'C'] as const) if (meanMs < scale[g]) return g;
  return 'D';
}

const stepDown = (g: Grade): Grade => GRADES[Math.min(GRADES.length - 1, GRADES.indexOf(g) + 1)] ?? 'D';
export const gradeRank = (g: Grade): number => GRADES.indexOf(g);

/**
 * The grade from the mean, then the tail gate, then the success gate; each change is named. `samples` is the
 * count of successful requests behind the figures: the tail gate is applied only when the p99 rests on enough.
 */
export function grade(meanMs: number, p99Ms: number, successRate: number, scale: GradeScale = SEED_SCALE, samples = Infinity): Graded {
  // A mean over zero successful requests is not a speed: every request failed.
  if (successRate === 0) return { grade: 'D', reasons: ['no request succeeded: D'] };
  if (successRate < MOSTLY_FAILED)
    return { grade: 'D', reasons: [`success rate ${successRate.toFixed(1)}% < ${MOSTLY_FAILED}%: most requests failed: D`] };
  let g = gradeForMean(meanMs, scale);
  const reasons = [g === 'D' ? `mean ${fmt(meanMs)} ≥ ${fmt(scale.C)}: D` : `mean ${fmt(meanMs)} < ${fmt(scale[g])}: ${g}`];
  if (g !== 'D' && samples < TAIL_MIN_SAMPLES) reasons.push(`p99 from ${samples} samples (< ${TAIL_MIN_SAMPLES}): tail gate not applied`);
  else if (g !== 'D') {
    const limit = TAIL_FACTOR * scale[g];
    if (p99Ms > limit) {
      const to = stepDown(g);
      reasons.push(`p99 ${fmt(p99Ms)} > ${TAIL_FACTOR}× the ${g} threshold (${fmt(limit)}): ${g} → ${to}`);
      g = to;
    }
  }
  if (successRate < SUCCESS_GATE && gradeRank(g) < gradeRank('C')) {
    reasons.push(`success rate ${successRate.toFixed(1)}% < ${SUCCESS_GATE}% caps the grade at C: ${g} → C`);
    g = 'C';
  }
  return { grade: g, reasons };
}

/** Only real endpoint scenarios that ran count: the seed counted two non-endpoint entries as fast. */
export function verdict(
  scenarios: readonly ScenarioResult[],
  fastMs = SEED_TARGETS.verdict_fast_ms,
): { verdict: Verdict; fast: number; graded: number; share: number } {
  const graded = scenarios.filter((s) => s.counts_for_verdict && s.status === 'ok' && s.grade !== null);
  const fast = graded.filter((s) => s.success_rate >= MOSTLY_FAILED && s.latency_ms.mean < fastMs).length;
  const share = graded.length === 0 ? 0 : fast / graded.length;
  const v: Verdict = share > 0.8 ? 'EXCELLENT' : share > 0.6 ? 'GOOD' : 'NEEDS IMPROVEMENT';
  return { verdict: v, fast, graded: graded.length, share: Math.round(share * 1000) / 1000 };
}

const CLASS_LIMIT: Record<TargetClass, keyof TargetLimits> = {
  standard: 'standard_ms',
  realtime: 'realtime_ms',
  health: 'health_ms',
};

/** One pass/fail line per (scenario, target): mean vs its class's limit, and success rate. */
export function targetLines(scenarios: readonly ScenarioResult[], limits: TargetLimits = SEED_TARGETS): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const s of scenarios) {
    if (s.status !== 'ok' || s.target_class === null) continue;
    const limit = limits[CLASS_LIMIT[s.target_class]];
    // A fast mean over mostly failed requests meets nothing.
    const pass = s.latency_ms.mean < limit && s.success_rate >= MOSTLY_FAILED;
    lines.push({ scenario: s.name, target: `${s.target_class} mean < ${limit} ms`, limit, actual: s.latency_ms.mean, pass });
    lines.push({
      scenario: s.name,
      target: `success > ${limits.success_rate}%`,
      limit: limits.success_rate,
      actual: s.success_rate,
      pass: s.success_rate > limits.success_rate,
    });
  }
  return lines;
}
