/**
 * The production aggregate source: the dashboard's realtime aggregate (read from rollups), resolved with the
 * same parameter rules as `GET /api/dashboard/realtime/aggregate`, so the pushed figures equal the polled ones.
 */
import type { RealtimeResult } from '../core/views/types.js';
import { realtimeAggregate, resolveParams } from '../dashboard/index.js';
import type { Database } from '../store/open.js';
import type { AggregateSource } from './hub.js';

export function dashboardSource(db: Database, now: () => Date = () => new Date()): AggregateSource<RealtimeResult> {
  return {
    compute: (companyId) => realtimeAggregate(db, resolveParams(db, 'realtimeAggregate', { company: companyId }, now())),
    alertsOf: (aggregate) => aggregate.alerts,
  };
}

/** The company a live request asks for (`company` query value; default the first company). 400/404 as the views. */
export function resolveCompany(db: Database, company: unknown): number {
  return resolveParams(db, 'realtimeAggregate', company === undefined ? {} : { company }).company;
}
