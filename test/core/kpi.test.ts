import { describe, expect, it } from 'vitest';
import { averageDays, averageMoney } from '../../src-engine/core/kpi/averages.js';
import { leastSquares, predict, t975 } from '../../src-engine/core/kpi/fit.js';
import { paymentScore, riskOf } from '../../src-engine/core/kpi/payment.js';
import { achievementPct, changeOf, changePoints, trendOf, trendOfPoints } from '../../src-engine/core/kpi/trend.js';

describe('change and trend direction', () => {
  it('computes relative change, null on a zero or missing previous', () => {
    expect(changeOf(150, 100)).toBe(50);
    expect(changeOf(-50, -100)).toBe(50); // a loss halving is an improvement
    expect(changeOf(2600, 100)).toBe(2500);
    expect(changeOf(10, 0)).toBeNull();
    expect(changeOf(null, 5)).toBeNull();
  });

  it('treats a move inside the flat band as flat and decides from zero by sign', () => {
    expect(trendOf(101, 100)).toBe('flat'); // exactly 1%
    expect(trendOf(102, 100)).toBe('up');
    expect(trendOf(98, 100)).toBe('down');
    expect(trendOf(5, 0)).toBe('up');
    expect(trendOf(-5, 0)).toBe('down');
    expect(trendOf(0, 0)).toBe('flat');
    expect(trendOf(null, 3)).toBe('flat');
    expect(trendOf(103, 100, 5)).toBe('flat');
  });

  it('compares percentages in points', () => {
    expect(changePoints(15, 12)).toBe(3);
    expect(changePoints(null, 12)).toBeNull();
    expect(trendOfPoints(15, 12)).toBe('up');
    expect(trendOfPoints(12.3, 12)).toBe('flat');
    expect(trendOfPoints(10, 12)).toBe('down');
  });

  it('gives target achievement as current / target × 100', () => {
    expect(achievementPct(15, 20)).toBe(75);
    expect(achievementPct(25, 20)).toBe(125);
    expect(achievementPct(null, 20)).toBeNull();
    expect(achievementPct(15, null)).toBeNull();
  });
});

describe('averages', () => {
  it('rounds money averages half up and is null over nothing', () => {
    expect(averageMoney(10, 4)).toBe(3); // 2.5 → 3
    expect(averageMoney(9, 4)).toBe(2); // 2.25 → 2
    expect(averageMoney(0, 0)).toBeNull();
    expect(averageDays(10, 3)).toBe(3.33);
    expect(averageDays(5, 0)).toBeNull();
  });
});

describe('payment score and risk', () => {
  it('is 100 − 2 × days late, floored at 0, null without paid invoices', () => {
    expect(paymentScore(0)).toBe(100);
    expect(paymentScore(7.5)).toBe(85);
    expect(paymentScore(60)).toBe(0);
    expect(paymentScore(null)).toBeNull();
  });

  it('follows the spec rule with thresholds in minor units', () => {
    expect(riskOf(69.99, 0)).toBe('high');
    expect(riskOf(100, 1_000_001)).toBe('high');
    expect(riskOf(100, 1_000_000)).toBe('medium'); // 10,000.00 exactly is not "more than"
    expect(riskOf(84, 0)).toBe('medium');
    expect(riskOf(85, 500_000)).toBe('low');
    expect(riskOf(85, 500_001)).toBe('medium');
    expect(riskOf(null, 0)).toBe('low');
    expect(riskOf(null, 2_000_000)).toBe('high');
  });
});

describe('least squares with a prediction band', () => {
  it('recovers an exact line with a zero-width band', () => {
    const fit = leastSquares([10, 20, 30, 40]);
    expect(fit.slope).toBeCloseTo(10, 12);
    expect(fit.intercept).toBeCloseTo(10, 12);
    expect(fit.residual_se).toBeCloseTo(0, 12);
    const p = predict(fit, 4);
    expect(p.value).toBeCloseTo(50, 10);
    expect(p.upper - p.lower).toBeCloseTo(0, 10);
  });

  it('matches a hand-computed fit and interval', () => {
    // ys = 1, 3, 2: x̄ = 1, ȳ = 2, Sxx = 2, Sxy = (−1)(−1) + 0 + (1)(0) = 1 → slope 0.5, intercept 1.5.
    // Residuals: 1 − 1.5 = −0.5, 3 − 2 = 1, 2 − 2.5 = −0.5; SSE = 1.5; s = √(1.5 / 1).
    const fit = leastSquares([1, 3, 2]);
    expect(fit.slope).toBeCloseTo(0.5, 12);
    expect(fit.intercept).toBeCloseTo(1.5, 12);
    expect(fit.residual_se).toBeCloseTo(Math.sqrt(1.5), 12);
    // x = 3: ŷ = 3; half-width = 12.706 · √1.5 · √(1 + 1/3 + 4/2).
    const p = predict(fit, 3);
    const half = 12.706 * Math.sqrt(1.5) * Math.sqrt(1 + 1 / 3 + 2);
    expect(p.value).toBeCloseTo(3, 12);
    expect(p.upper).toBeCloseTo(3 + half, 9);
    expect(p.lower).toBeCloseTo(3 - half, 9);
  });

  it('refuses fewer than 3 points and uses Student t for small samples', () => {
    expect(() => leastSquares([1, 2])).toThrow(RangeError);
    expect(t975(4)).toBe(2.776);
    expect(t975(500)).toBe(1.96);
  });
});
