/**
 * The colour band of the live score, taking the alerts into account: a critical alert (today's profit is
 * negative) makes the band critical whatever the score, and a warning caps it at fair — a green 81/100 must
 * never sit beside a critical alert. Pure; the renderer colours the score by it.
 */
import type { LiveAlert } from './types.js';

export type ScoreLevel = 'good' | 'fair' | 'poor' | 'critical';

const SCORE_BANDS = { good: 80, fair: 50 } as const;

export function scoreLevel(score: number, alerts: readonly Pick<LiveAlert, 'level'>[]): ScoreLevel {
  if (alerts.some((a) => a.level === 'critical')) return 'critical';
  const band: ScoreLevel = score >= SCORE_BANDS.good ? 'good' : score >= SCORE_BANDS.fair ? 'fair' : 'poor';
  return band === 'good' && alerts.some((a) => a.level === 'warning') ? 'fair' : band;
}
