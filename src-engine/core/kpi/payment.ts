/** A client's payment behaviour: score from lateness, risk from score and what they owe. */
import { round2 } from '../money.js';

export type Risk = 'high' | 'medium' | 'low';

/** Payment score = max(0, 100 − 2 × average days late); null when the client never paid an invoice. */
export function paymentScore(averageDaysLate: number | null): number | null {
  if (averageDaysLate === null) return null;
  return Math.max(0, round2(100 - 2 * averageDaysLate));
}

/** Thresholds in minor units: 10,000.00 and 5,000.00. */
const RISK_HIGH_OUTSTANDING = 1_000_000;
const RISK_MEDIUM_OUTSTANDING = 500_000;

/**
 * Spec rule: high when score < 70 or outstanding > 10,000.00; medium when score < 85 or outstanding > 5,000.00;
 * otherwise low. A client with no paid invoice has no score; only the outstanding amount then decides.
 */
export function riskOf(score: number | null, outstanding: number): Risk {
  if ((score !== null && score < 70) || outstanding > RISK_HIGH_OUTSTANDING) return 'high';
  if ((score !== null && score < 85) || outstanding > RISK_MEDIUM_OUTSTANDING) return 'medium';
  return 'low';
}
