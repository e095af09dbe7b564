import { describe, expect, it } from 'vitest';
import { bucketsCovering, checkCustomRange, defaultGranularity, presetRange, todayInZone } from '../../src-renderer/src/format/ranges.js';

describe('date range presets are calendar-correct', () => {
  const today = '2024-03-31';
  it('this month / last month', () => {
    expect(presetRange('this_month', today)).toEqual({ from: '2024-03-01', to: '2024-03-31' });
    expect(presetRange('last_month', today)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(presetRange('last_month', '2024-01-15')).toEqual({ from: '2023-12-01', to: '2023-12-31' });
  });
  it('this quarter, year to date, last 12 months', () => {
    expect(presetRange('this_quarter', '2024-05-20')).toEqual({ from: '2024-04-01', to: '2024-05-20' });
    expect(presetRange('year_to_date', today)).toEqual({ from: '2024-01-01', to: today });
    expect(presetRange('last_12_months', today)).toEqual({ from: '2023-04-01', to: today });
    expect(presetRange('last_12_months', '2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
  });
});

describe('custom ranges are checked before any request', () => {
  it('names the problem', () => {
    expect(checkCustomRange('2024-02-30', '2024-03-01')).toEqual({ ok: false, message: expect.stringMatching(/Start date/) });
    expect(checkCustomRange('2024-03-02', '2024-03-01')).toEqual({ ok: false, message: 'Start date is after end date' });
    expect(checkCustomRange('2024-03-01', '2024-03-01')).toEqual({ ok: true, range: { from: '2024-03-01', to: '2024-03-01' } });
  });
});

describe('company today and trend buckets', () => {
  it('uses the company time zone', () => {
    const now = new Date('2024-03-31T20:00:00Z');
    expect(todayInZone('Asia/Kuala_Lumpur', now)).toBe('2024-04-01');
    expect(todayInZone('America/New_York', now)).toBe('2024-03-31');
  });
  it('covers a range with enough buckets', () => {
    expect(bucketsCovering({ from: '2024-03-01', to: '2024-03-31' }, 'day')).toBe(31);
    expect(bucketsCovering({ from: '2023-04-01', to: '2024-03-31' }, 'month')).toBe(12);
    expect(bucketsCovering({ from: '2000-01-01', to: '2024-03-31' }, 'day')).toBe(120);
    expect(defaultGranularity({ from: '2024-03-01', to: '2024-03-31' })).toBe('day');
    expect(defaultGranularity({ from: '2023-04-01', to: '2024-03-31' })).toBe('month');
  });
});
