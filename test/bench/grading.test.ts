import { describe, expect, it } from 'vitest';
import { checkBudgets, parseProfile, SEED_PROFILE } from '../../src-engine/core/bench/budget.js';
import { grade, gradeForMean, targetLines, verdict } from '../../src-engine/core/bench/grading.js';
import type { ScenarioResult } from '../../src-engine/core/bench/types.js';
import { ValidationError } from '../../src-engine/core/errors.js';

describe('the seed scale on the mean', () => {
  it.each([
    [0.5, 'A+'],
    [99.999, 'A+'],
    [100, 'A'],
    [199.9, 'A'],
    [200, 'B'],
    [499.9, 'B'],
    [500, 'C'],
    [999.9, 'C'],
    [1000, 'D'],
    [50_000, 'D'],
  ] as const)('mean %s ms → %s', (mean, g) => {
    expect(gradeForMean(mean)).toBe(g);
    expect(grade(mean, mean, 100).grade).toBe(g);
  });
});

describe('gates', () => {
  it('p99 above 4× the grade threshold drops one step, and says so', () => {
    const g = grade(50, 401, 100);
    expect(g.grade).toBe('A');
    expect(g.reasons).toHaveLength(2);
    expect(g.reasons[1]).toMatch(/p99 401 ms > 4× the A\+ threshold \(400 ms\): A\+ → A/);
    expect(grade(50, 400, 100).grade).toBe('A+');
  });

  it('success below 95% caps at C; at exactly 95% it does not', () => {
    const g = grade(10, 10, 94.9);
    expect(g.grade).toBe('C');
    expect(g.reasons.at(-1)).toMatch(/success rate 94\.9% < 95% caps the grade at C: A\+ → C/);
    expect(grade(10, 10, 95).grade).toBe('A+');
  });

  it('a cap that changes nothing is not named; both gates can apply', () => {
    expect(grade(700, 700, 50).reasons).toHaveLength(1); // already C
    const both = grade(150, 900, 80);
    expect(both.grade).toBe('C');
    expect(both.reasons).toHaveLength(3);
  });

  it('D has no threshold to exceed; all-failed runs grade D', () => {
    expect(grade(2000, 99_000, 100)).toEqual({ grade: 'D', reasons: [expect.stringMatching(/mean 2000 ms ≥ 1000 ms: D/)] });
    expect(grade(0, 0, 0).grade).toBe('D');
  });
});

function scenario(name: string, mean: number, over: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    name,
    type: 'endpoint',
    counts_for_verdict: true,
    target_class: 'standard',
    method: 'GET',
    path: `/${name}`,
    model: 'closed, 1 user',
    status: 'ok',
    requests: 100,
    errors: { status: 0, timeout: 0, connection: 0 },
    error_total: 0,
    statuses: { '200': 100 },
    success_rate: 100,
    throughput: 10,
    bytes_received: 1000,
    window_ms: 1000,
    latency_ms: { min: mean, mean, stddev: 0, p50: mean, p90: mean, p95: mean, p99: mean, p999: mean, max: mean },
    histogram: '',
    buckets: [],
    queued_late: 0,
    warmup: null,
    grade: gradeForMean(mean),
    grade_reasons: [],
    ...over,
  };
}

describe('verdict', () => {
  it('counts only endpoint scenarios that ran (the seed counted non-endpoint entries as fast)', () => {
    const rs = [
      scenario('a', 50),
      scenario('b', 150),
      scenario('c', 300),
      scenario('d', 600),
      scenario('pair', 1, { type: 'paired', counts_for_verdict: false }),
      scenario('push', 1, { type: 'push', counts_for_verdict: false, grade: null }),
      scenario('skipped', 0, { status: 'skipped' }),
    ];
    expect(verdict(rs)).toEqual({ verdict: 'NEEDS IMPROVEMENT', fast: 2, graded: 4, share: 0.5 });
  });

  it('> 0.8 is EXCELLENT, > 0.6 GOOD, exactly 0.8 is GOOD', () => {
    const fast = (n: number, slow: number) => [
      ...Array.from({ length: n }, (_, i) => scenario(`f${i}`, 10)),
      ...Array.from({ length: slow }, (_, i) => scenario(`s${i}`, 900)),
    ];
    expect(verdict(fast(5, 0)).verdict).toBe('EXCELLENT');
    expect(verdict(fast(4, 1)).verdict).toBe('GOOD');
    expect(verdict(fast(3, 2)).verdict).toBe('NEEDS IMPROVEMENT');
    expect(verdict(fast(7, 2)).verdict).toBe('GOOD');
  });
});

describe('targets and budgets', () => {
  it('each class has its own limit and success must exceed 95%', () => {
    const lines = targetLines([
      scenario('h', 120, { target_class: 'health' }),
      scenario('r', 150, { target_class: 'realtime', success_rate: 95 }),
    ]);
    expect(lines.map((l) => [l.scenario, l.target, l.pass])).toEqual([
      ['h', 'health mean < 100 ms', false],
      ['h', 'success > 95%', true],
      ['r', 'realtime mean < 200 ms', true],
      ['r', 'success > 95%', false],
    ]);
  });

  it('a profile tightens the scale; budget file entries override the suite budget', () => {
    const p = parseProfile(
      { scale: { 'A+': 10, A: 25, B: 50, C: 100 }, defaults: { p99_ms: 100 }, scenarios: { a: { mean_ms: 5 } } },
      'strict',
    );
    expect(grade(20, 20, 100, p.scale).grade).toBe('A');
    const lines = checkBudgets(
      [scenario('a', 8), scenario('b', 8, { latency_ms: { ...scenario('b', 8).latency_ms, p99: 150 } })],
      { a: { mean_ms: 50 } },
      p,
    );
    expect(lines.map((l) => [l.scenario, l.limit, l.pass])).toEqual([
      ['a', 'mean', false],
      ['a', 'p99', true],
      ['b', 'p99', false],
    ]);
    expect(checkBudgets([scenario('a', 8)], {}, SEED_PROFILE)).toEqual([]);
  });

  it('rejects a malformed budget file with the field named', () => {
    expect(() => parseProfile({ scenarios: { a: { mean: 5 } } }, 'x')).toThrow(ValidationError);
    expect(() => parseProfile({ scale: { 'A+': 300 } }, 'x')).toThrow(/scale thresholds must increase/);
  });
});
