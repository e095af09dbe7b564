/** Averages of integer sums, rounded the way money is (half up) or to two decimals for day counts. */
import { roundHalfUpDiv, round2 } from '../money.js';

/** sum / count in whole minor units (half up); null over nothing. */
export function averageMoney(sum: number, count: number): number | null {
  if (count === 0) return null;
  return Number(roundHalfUpDiv(BigInt(sum), BigInt(count)));
}

/** sum / count to two decimals; null over nothing. */
export function averageDays(sum: number, count: number): number | null {
  if (count === 0) return null;
  return round2(sum / count);
}
