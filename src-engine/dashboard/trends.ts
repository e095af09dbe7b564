/** Revenue, expenses and profit per calendar bucket, oldest first, ending with the bucket that holds `to`. */
import type { Database } from 'better-sqlite3';
import { trendBuckets } from '../core/dates.js';
import { loadCompany } from './company.js';
import * as q from './queries.js';
import type { TrendBucket, TrendsParams, TrendsResult } from '../core/views/types.js';

export function trendSeries(db: Database, p: TrendsParams): TrendBucket[] {
  return trendBuckets(p.to, p.granularity, p.periods).map((b) => {
    const revenue = q.revenue(db, p.company, b.from, b.to, p.basis).total;
    const expenses = q.expenses(db, p.company, b.from, b.to).total;
    return { from: b.from, to: b.to, revenue, expenses, profit: revenue - expenses };
  });
}

export function trends(db: Database, p: TrendsParams): TrendsResult {
  return {
    company: loadCompany(db, p.company),
    basis: p.basis,
    granularity: p.granularity,
    periods: p.periods,
    buckets: trendSeries(db, p),
  };
}
