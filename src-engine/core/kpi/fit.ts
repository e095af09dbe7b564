/**
 * Least-squares line through equally spaced points (x = 0, 1, …, n−1) and its prediction band. The band is a
 * two-sided prediction interval: ŷ ± t(1−α/2, n−2) · s · √(1 + 1/n + (x − x̄)² / Sxx), s the residual standard
 * error with n − 2 degrees of freedom. With the few points a projection has (3–6 months), Student's t rather
 * than 1.96 is what keeps the band honest.
 */

export interface LinearFit {
  n: number;
  slope: number;
  intercept: number;
  /** Residual standard error s (n − 2 degrees of freedom); 0 for a perfect fit. */
  residual_se: number;
  x_mean: number;
  sxx: number;
}

export function leastSquares(ys: readonly number[]): LinearFit {
  const n = ys.length;
  if (n < 3) throw new RangeError('a least-squares fit with a band needs at least 3 points');
  const xMean = (n - 1) / 2;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let x = 0; x < n; x++) {
    sxx += (x - xMean) ** 2;
    sxy += (x - xMean) * (ys[x]! - yMean);
  }
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let sse = 0;
  for (let x = 0; x < n; x++) sse += (ys[x]! - (intercept + slope * x)) ** 2;
  return { n, slope, intercept, residual_se: Math.sqrt(sse / (n - 2)), x_mean: xMean, sxx };
}

/** t(0.975, df) for df = 1…30; beyond, the normal 1.96 is within 2%. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function t975(df: number): number {
  if (df < 1) throw new RangeError('degrees of freedom must be ≥ 1');
  return T_975[df - 1] ?? 1.96;
}

export interface Prediction {
  value: number;
  lower: number;
  upper: number;
}

/** The fitted value at x with its 95% prediction interval. */
export function predict(fit: LinearFit, x: number): Prediction {
  const value = fit.intercept + fit.slope * x;
  const half = t975(fit.n - 2) * fit.residual_se * Math.sqrt(1 + 1 / fit.n + (x - fit.x_mean) ** 2 / fit.sxx);
  return { value, lower: value - half, upper: value + half };
}
