/** Change between a current and a previous value, and its direction with a flat band. */
import { percentChange, round2 } from '../money.js';

export type Trend = 'up' | 'down' | 'flat';

/** Default flat band: a relative move within ±1% is "flat" (rounding noise is not a trend). */
const DEFAULT_FLAT_BAND_PCT = 1;

/**
 * Direction of current vs previous. Relative change decides (|change| ≤ band → flat); from a previous of 0 the
 * sign of current decides, since any move off zero is unbounded in percent. Undefined values are flat.
 */
export function trendOf(current: number | null, previous: number | null, flatBandPct = DEFAULT_FLAT_BAND_PCT): Trend {
  if (current === null || previous === null) return 'flat';
  if (previous === 0) return current > 0 ? 'up' : current < 0 ? 'down' : 'flat';
  const change = ((current - previous) / Math.abs(previous)) * 100;
  if (Math.abs(change) <= flatBandPct) return 'flat';
  return change > 0 ? 'up' : 'down';
}

/** Relative change in percent, null where undefined (previous 0 or either side missing). */
export function changeOf(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  return percentChange(current, previous);
}

/** Difference of two percentages in points (margin 12% → 15% = 3). */
export function changePoints(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  return round2(current - previous);
}

/** Direction of a percentage in points: within ±band points is flat. */
export function trendOfPoints(current: number | null, previous: number | null, flatBandPoints = 0.5): Trend {
  const d = changePoints(current, previous);
  if (d === null || Math.abs(d) <= flatBandPoints) return 'flat';
  return d > 0 ? 'up' : 'down';
}

/** Target achievement: current / target × 100; null without a target, a current value, or with a zero target. */
export function achievementPct(current: number | null, target: number | null): number | null {
  if (current === null || target === null || target === 0) return null;
  return round2((current / target) * 100);
}
