/**
 * Client risk from behaviour, relative to the client's own volume (the seed's absolute 10,000.00-owed rule
 * flagged nearly every client of a busy book). Three signals, each scale-free:
 * - the share of the client's open balance that is overdue (as of the period's end),
 * - how late the client pays against its terms (average days paid after the due date),
 * - the trend: the overdue share now against the share at the previous period's end.
 * The first rule that fires gives the level and the reason shown beside it.
 */
import type { Risk } from './payment.js';

export const RISK_RULES = {
  high_overdue_share: 0.5,
  high_days_late: 30,
  medium_overdue_share: 0.2,
  medium_days_late: 10,
  /** A rise of the overdue share by this much (in share points) since the previous period's end. */
  medium_share_rise: 0.2,
} as const;

export interface RiskInput {
  outstanding: number;
  overdue: number;
  /** Overdue share at the previous period's end (null: nothing was owed then). */
  previous_overdue_share: number | null;
  average_days_late: number | null;
}

export interface RiskVerdict {
  risk: Risk;
  reason: string;
}

export function overdueShare(overdue: number, outstanding: number): number | null {
  return outstanding > 0 ? overdue / outstanding : null;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function clientRisk(i: RiskInput): RiskVerdict {
  const share = overdueShare(i.overdue, i.outstanding);
  const late = i.average_days_late;
  if (share !== null && share >= RISK_RULES.high_overdue_share) return { risk: 'high', reason: `${pct(share)} of the open balance is overdue` };
  if (late !== null && late >= RISK_RULES.high_days_late) return { risk: 'high', reason: `pays ${late} days late on average` };
  if (share !== null && share >= RISK_RULES.medium_overdue_share) return { risk: 'medium', reason: `${pct(share)} of the open balance is overdue` };
  if (late !== null && late >= RISK_RULES.medium_days_late) return { risk: 'medium', reason: `pays ${late} days late on average` };
  if (share !== null && share - (i.previous_overdue_share ?? 0) >= RISK_RULES.medium_share_rise) {
    return { risk: 'medium', reason: `overdue share rising (${pct(i.previous_overdue_share ?? 0)} → ${pct(share)})` };
  }
  if (share === null || share === 0) return { risk: 'low', reason: late === null ? 'nothing overdue' : `nothing overdue; pays ${late} days late on average` };
  return { risk: 'low', reason: `${pct(share)} of the open balance is overdue` };
}
