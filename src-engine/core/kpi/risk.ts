/**
 * Client risk from behaviour, relative to the client's own volume (the seed's absolute 10,000.00-owed rule
 * flagged nearly every client of a busy book, and a 100-score client among them). Signals, each scale-free:
 * - the share of the client's open balance that is overdue (as of the period's end),
 * - how material that overdue amount is against the client's own volume (its billing over the last year),
 * - how late the client pays against its terms (average days paid after the due date),
 * - the trend: the overdue share now against the share at the previous period's end.
 * The first rule that fires gives the level and the reason shown beside it.
 */
import type { Risk } from './payment.js';

const RISK_RULES = {
  high_overdue_share: 0.5,
  /** Overdue as a share of the client's billing over the last 365 days. */
  high_materiality: 0.1,
  high_days_late: 30,
  medium_overdue_share: 0.2,
  medium_materiality: 0.05,
  medium_days_late: 10,
  /** A rise of the overdue share by this much (in share points) since the previous period's end. */
  medium_share_rise: 0.2,
} as const;

export interface RiskInput {
  outstanding: number;
  overdue: number;
  /** The client's billing (revenue issued) over the 365 days to the as-of date. */
  volume: number;
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
  // No billing in the year but something overdue: as material as it gets.
  const materiality = i.overdue === 0 ? 0 : i.volume > 0 ? i.overdue / i.volume : Infinity;
  const late = i.average_days_late;
  const overdueReason = (s: number) =>
    `${pct(s)} of the open balance is overdue (${Number.isFinite(materiality) ? `${pct(materiality)} of a year's billing` : 'no billing this year'})`;
  if (share !== null && share >= RISK_RULES.high_overdue_share && materiality >= RISK_RULES.high_materiality)
    return { risk: 'high', reason: overdueReason(share) };
  if (late !== null && late >= RISK_RULES.high_days_late) return { risk: 'high', reason: `pays ${late} days late on average` };
  if (share !== null && share >= RISK_RULES.medium_overdue_share && materiality >= RISK_RULES.medium_materiality)
    return { risk: 'medium', reason: overdueReason(share) };
  if (late !== null && late >= RISK_RULES.medium_days_late) return { risk: 'medium', reason: `pays ${late} days late on average` };
  if (
    share !== null &&
    share - (i.previous_overdue_share ?? 0) >= RISK_RULES.medium_share_rise &&
    materiality >= RISK_RULES.medium_materiality
  ) {
    return { risk: 'medium', reason: `overdue share rising (${pct(i.previous_overdue_share ?? 0)} → ${pct(share)})` };
  }
  if (share === null || share === 0)
    return { risk: 'low', reason: late === null ? 'nothing overdue' : `nothing overdue; pays ${late} days late on average` };
  return { risk: 'low', reason: `${overdueReason(share)}: small against its volume` };
}
