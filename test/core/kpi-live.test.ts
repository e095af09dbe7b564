import { describe, expect, it } from 'vitest';
import { liveAlerts } from '../../src-engine/core/live/alerts.js';
import { AlertDeduper, diffAlerts } from '../../src-engine/core/live/dedupe.js';
import { liveScore } from '../../src-engine/core/live/score.js';
import { DEFAULT_LIVE_SETTINGS } from '../../src-engine/core/live/settings.js';
import type { LiveMetric, LiveMetricId, LiveMetrics } from '../../src-engine/core/live/types.js';
import type { Trend } from '../../src-engine/core/kpi/trend.js';

const m = (value: number, previous: number, trend: Trend): LiveMetric => ({ value, previous, change_pct: null, trend });

function metrics(trends: Partial<Record<LiveMetricId, Trend>>, values: Partial<Record<LiveMetricId, number>> = {}): LiveMetrics {
  const ids: LiveMetricId[] = ['daily_revenue', 'daily_expenses', 'daily_profit', 'pending_invoices', 'overdue_invoices', 'active_clients'];
  return Object.fromEntries(ids.map((id) => [id, m(values[id] ?? 0, 0, trends[id] ?? 'flat')])) as LiveMetrics;
}

describe('live performance score', () => {
  it('is 70 when everything is flat and 100 when everything moves the good way', () => {
    expect(liveScore(metrics({}))).toBe(70);
    expect(
      liveScore(
        metrics({
          daily_revenue: 'up',
          daily_profit: 'up',
          active_clients: 'up',
          daily_expenses: 'down',
          pending_invoices: 'down',
          overdue_invoices: 'down',
        }),
      ),
    ).toBe(100);
  });

  it('weights each metric: revenue up alone = 100 × (0.3 + 0.7 × 0.8) / 1.1', () => {
    // Σ weights = 1.1 (the spec's weights sum past 1; the score divides by the sum).
    expect(liveScore(metrics({ daily_revenue: 'up' }))).toBe(Math.round((1000 * (0.3 * 1 + 0.8 * 0.7)) / 1.1) / 10);
  });

  it('lowers the score when expenses rise (the seed had this inverted)', () => {
    const flat = liveScore(metrics({}));
    const rising = liveScore(metrics({ daily_expenses: 'up' }));
    const falling = liveScore(metrics({ daily_expenses: 'down' }));
    expect(rising).toBeLessThan(flat);
    expect(falling).toBeGreaterThan(flat);
    // 100 × (0.2 × 0.3 + 0.9 × 0.7) / 1.1 = 62.727… → 62.7
    expect(rising).toBe(62.7);
  });
});

describe('live alerts', () => {
  it('raises critical on negative profit, warning above the overdue threshold, success on revenue/clients up', () => {
    const a = liveAlerts(
      metrics({ daily_revenue: 'up', active_clients: 'up' }, { daily_profit: -1, overdue_invoices: 6 }),
      DEFAULT_LIVE_SETTINGS,
    );
    expect(a.map((x) => [x.id, x.level])).toEqual([
      ['profit-negative', 'critical'],
      ['overdue-invoices-high', 'warning'],
      ['revenue-up', 'success'],
      ['active-clients-up', 'success'],
    ]);
  });

  it('stays quiet at the thresholds and follows changed settings', () => {
    expect(liveAlerts(metrics({}, { daily_profit: 0, overdue_invoices: 5 }), DEFAULT_LIVE_SETTINGS)).toEqual([]);
    const s = { ...DEFAULT_LIVE_SETTINGS, overdue_warning_above: 2, success_on_revenue_up: false };
    expect(liveAlerts(metrics({ daily_revenue: 'up' }, { overdue_invoices: 3 }), s).map((x) => x.id)).toEqual(['overdue-invoices-high']);
  });
});

describe('alert de-duplication', () => {
  it('announces an alert once while unchanged, again when it changes, and reports it cleared', () => {
    const d = new AlertDeduper();
    const warn = liveAlerts(metrics({}, { overdue_invoices: 6 }), DEFAULT_LIVE_SETTINGS);
    expect(d.next(warn).raised.map((a) => a.id)).toEqual(['overdue-invoices-high']);
    expect(d.next(warn)).toEqual({ raised: [], cleared: [] });
    const worse = liveAlerts(metrics({}, { overdue_invoices: 9 }), DEFAULT_LIVE_SETTINGS);
    expect(d.next(worse).raised.map((a) => a.value)).toEqual([9]);
    expect(d.next([])).toEqual({ raised: [], cleared: ['overdue-invoices-high'] });
    expect(diffAlerts([], worse).raised).toHaveLength(1);
  });
});
