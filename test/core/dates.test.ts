import { describe, expect, it } from 'vitest';
import {
  addMonths,
  isIsoDate,
  previousEqualWindow,
  splitByMonths,
  startOfWeek,
  todayIn,
  trendBuckets,
} from '../../src-engine/core/dates.js';

describe('calendar dates', () => {
  it('validates real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
  });

  it('adds months clamping the day', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
  });

  it('starts weeks on Monday', () => {
    expect(startOfWeek('2026-11-26')).toBe('2026-11-23'); // a Thursday
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23');
    expect(startOfWeek('2026-11-22')).toBe('2026-11-16'); // Sunday
  });

  it('knows today in the company time zone around midnight', () => {
    const instant = new Date('2026-03-31T16:30:00Z'); // 00:30 on 1 April in Kuala Lumpur (UTC+8)
    expect(todayIn('Asia/Kuala_Lumpur', instant)).toBe('2026-04-01');
    expect(todayIn('UTC', instant)).toBe('2026-03-31');
    expect(todayIn('America/New_York', instant)).toBe('2026-03-31');
    // The per-second memo never carries a date across midnight.
    expect(todayIn('Asia/Kuala_Lumpur', new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03-31');
    expect(todayIn('Asia/Kuala_Lumpur', new Date('2026-03-31T16:00:00.000Z'))).toBe('2026-04-01');
  });
});

describe('comparison windows', () => {
  it('compares month-to-date with the same days of the previous month', () => {
    expect(previousEqualWindow({ from: '2026-03-01', to: '2026-03-15' })).toEqual({ from: '2026-02-01', to: '2026-02-15' });
    expect(previousEqualWindow({ from: '2026-03-01', to: '2026-03-30' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('compares a whole month with the whole previous month', () => {
    expect(previousEqualWindow({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('compares any other range with the same number of days before it', () => {
    expect(previousEqualWindow({ from: '2026-03-10', to: '2026-03-19' })).toEqual({ from: '2026-02-28', to: '2026-03-09' });
  });
});

describe('trend buckets', () => {
  it('are calendar months, oldest first', () => {
    expect(trendBuckets('2026-03-15', 'month', 3)).toEqual([
      { from: '2026-01-01', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-31' },
    ]);
  });

  it('are calendar quarters and ISO weeks', () => {
    expect(trendBuckets('2026-05-02', 'quarter', 2)).toEqual([
      { from: '2026-01-01', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-06-30' },
    ]);
    expect(trendBuckets('2026-11-26', 'week', 1)).toEqual([{ from: '2026-11-23', to: '2026-11-29' }]);
  });
});

describe('splitting a range into whole months and edge days', () => {
  it('reads whole months from the middle and days from the edges', () => {
    expect(splitByMonths({ from: '2026-01-15', to: '2026-04-10' })).toEqual({
      head: { from: '2026-01-15', to: '2026-01-31' },
      months: { from: '2026-02', to: '2026-03' },
      tail: { from: '2026-04-01', to: '2026-04-10' },
    });
  });

  it('has no edges for whole months and no months inside one month', () => {
    expect(splitByMonths({ from: '2026-02-01', to: '2026-03-31' })).toEqual({
      head: null,
      months: { from: '2026-02', to: '2026-03' },
      tail: null,
    });
    expect(splitByMonths({ from: '2026-02-03', to: '2026-02-20' })).toEqual({
      head: { from: '2026-02-03', to: '2026-02-20' },
      months: null,
      tail: null,
    });
    expect(splitByMonths({ from: '2026-01-31', to: '2026-03-01' })).toEqual({
      head: { from: '2026-01-31', to: '2026-01-31' },
      months: { from: '2026-02', to: '2026-02' },
      tail: { from: '2026-03-01', to: '2026-03-01' },
    });
  });
});
