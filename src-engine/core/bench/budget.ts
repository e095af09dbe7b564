/**
 * Budget profiles: a file the user chooses that may tighten the grade scale and target limits (a desktop
 * engine where 100 ms is an eternity) and set per-scenario budgets. Any failed budget line makes `kira bench`
 * exit 1, so CI can gate on it.
 */
import { ValidationError } from '../errors.js';
import { oneOf } from '../validate/fields.js';
import { checkKeys } from './known-keys.js';
import { GRADES, SEED_SCALE, SEED_TARGETS, gradeRank, type GradeScale, type TargetLimits } from './grading.js';
import type { Budget, BudgetLine, ScenarioResult } from './types.js';

export interface BudgetProfile {
  name: string;
  scale: GradeScale;
  targets: TargetLimits;
  /** Applied to every graded endpoint scenario, under the per-scenario entries. */
  defaults: Budget;
  scenarios: Record<string, Budget>;
}

export const SEED_PROFILE: BudgetProfile = { name: 'seed', scale: SEED_SCALE, targets: SEED_TARGETS, defaults: {}, scenarios: {} };

const BUDGET_KEYS = ['mean_ms', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'min_success_rate', 'min_throughput'] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function positive(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ValidationError(`${field} must be a non-negative number`, { field });
  return v;
}

export function parseBudget(v: unknown, field: string): Budget {
  if (!isObj(v)) throw new ValidationError(`${field} must be an object`, { field });
  const b: Budget = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === 'min_grade') {
      b.min_grade = oneOf(`${field}.min_grade`, val, GRADES, (name, problem) => new ValidationError(`${name} ${problem}`, { field: name }));
    } else if ((BUDGET_KEYS as readonly string[]).includes(k)) {
      b[k as (typeof BUDGET_KEYS)[number]] = positive(val, `${field}.${k}`);
    } else {
      checkKeys({ [k]: val }, [...BUDGET_KEYS, 'min_grade'], field);
    }
  }
  return b;
}

export function parseProfile(v: unknown, fallbackName: string): BudgetProfile {
  if (!isObj(v)) throw new ValidationError('a budget file must hold a JSON object', { field: '(root)' });
  checkKeys(v, ['$schema', 'name', 'description', 'scale', 'targets', 'defaults', 'scenarios'], '');
  const scale = { ...SEED_SCALE };
  if (v.scale !== undefined) {
    if (!isObj(v.scale)) throw new ValidationError('scale must be an object', { field: 'scale' });
    checkKeys(v.scale, ['A+', 'A', 'B', 'C'], 'scale');
    for (const g of ['A+', 'A', 'B', 'C'] as const) if (v.scale[g] !== undefined) scale[g] = positive(v.scale[g], `scale.${g}`);
    if (!(scale['A+'] < scale.A && scale.A < scale.B && scale.B < scale.C))
      throw new ValidationError('scale thresholds must increase from A+ to C', { field: 'scale' });
  }
  const targets = { ...SEED_TARGETS };
  if (v.targets !== undefined) {
    if (!isObj(v.targets)) throw new ValidationError('targets must be an object', { field: 'targets' });
    checkKeys(v.targets, Object.keys(targets), 'targets');
    for (const k of Object.keys(targets) as (keyof TargetLimits)[])
      if (v.targets[k] !== undefined) targets[k] = positive(v.targets[k], `targets.${k}`);
  }
  const scenarios: Record<string, Budget> = {};
  if (v.scenarios !== undefined) {
    if (!isObj(v.scenarios)) throw new ValidationError('scenarios must be an object of name → budget', { field: 'scenarios' });
    for (const [name, b] of Object.entries(v.scenarios)) scenarios[name] = parseBudget(b, `scenarios.${name}`);
  }
  return {
    name: typeof v.name === 'string' && v.name !== '' ? v.name : fallbackName,
    scale,
    targets,
    defaults: v.defaults === undefined ? {} : parseBudget(v.defaults, 'defaults'),
    scenarios,
  };
}

const ms = (x: number) => `${x} ms`;

/** Every budget limit that applies to each scenario, checked: file scenario entry > file defaults > suite budget. */
export function checkBudgets(
  results: readonly ScenarioResult[],
  suiteBudgets: Readonly<Record<string, Budget | undefined>>,
  profile: BudgetProfile,
): BudgetLine[] {
  const lines: BudgetLine[] = [];
  for (const s of results) {
    if (s.status === 'skipped') continue;
    const b: Budget = { ...suiteBudgets[s.name], ...(s.counts_for_verdict ? profile.defaults : {}), ...profile.scenarios[s.name] };
    const add = (limit: string, expected: string, actual: string, pass: boolean) =>
      lines.push({ scenario: s.name, limit, expected, actual, pass });
    const L = s.latency_ms;
    if (b.mean_ms !== undefined) add('mean', `< ${ms(b.mean_ms)}`, ms(L.mean), L.mean < b.mean_ms);
    if (b.p50_ms !== undefined) add('p50', `< ${ms(b.p50_ms)}`, ms(L.p50), L.p50 < b.p50_ms);
    if (b.p95_ms !== undefined) add('p95', `< ${ms(b.p95_ms)}`, ms(L.p95), L.p95 < b.p95_ms);
    if (b.p99_ms !== undefined) add('p99', `< ${ms(b.p99_ms)}`, ms(L.p99), L.p99 < b.p99_ms);
    if (b.max_ms !== undefined) add('max', `< ${ms(b.max_ms)}`, ms(L.max), L.max < b.max_ms);
    if (b.min_success_rate !== undefined)
      add('success', `≥ ${b.min_success_rate}%`, `${s.success_rate}%`, s.success_rate >= b.min_success_rate);
    if (b.min_throughput !== undefined)
      add('throughput', `≥ ${b.min_throughput} req/s`, `${s.throughput} req/s`, s.throughput >= b.min_throughput);
    if (b.min_grade !== undefined)
      add('grade', `${b.min_grade} or better`, s.grade ?? 'none', s.grade !== null && gradeRank(s.grade) <= gradeRank(b.min_grade));
    // A budgeted scenario that did not complete cannot have met its budget.
    if (Object.keys(b).length > 0 && (s.status === 'failed' || s.status === 'aborted')) add('ran', 'completed', s.status, false);
  }
  return lines;
}
