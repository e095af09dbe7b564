/** The engine itself: companies, health, metrics, and the full recalculation of a company's rollups. */
import { Type } from '@sinclair/typebox';
import type { Company } from '../domain.js';
import type { RecalculationResult } from '../recalculation.js';
import { closed, COMPANY, declare, named, NO_INPUT } from './declare.js';

export const systemApi = {
  'dashboard.realtimeRecalculate': declare({
    method: 'POST',
    path: '/api/dashboard/realtime/recalculate',
    cached: false,
    status: 200,
    summary: 'Recompute every rollup of a company on the worker threads and verify them (501 without the pool).',
    input: closed(COMPANY),
    result: named<RecalculationResult>('RecalculationResult'),
  }),
  'dashboard.health': declare({
    method: 'GET',
    path: '/api/dashboard/health',
    cached: false,
    status: 200,
    alsoStatus: [503],
    summary: 'Health of the database, cache, pool and live hub; 503 when degraded.',
    input: NO_INPUT,
    result: named<HealthResult>('HealthResult'),
  }),
  'dashboard.metrics': declare({
    method: 'GET',
    path: '/api/dashboard/metrics',
    cached: false,
    status: 200,
    summary: 'Prometheus text exposition.',
    input: NO_INPUT,
    result: Type.String({ title: 'text/plain' }),
  }),
  'companies.list': declare({
    method: 'GET',
    path: '/api/companies',
    cached: false,
    status: 200,
    summary: 'Every company in the file.',
    input: NO_INPUT,
    result: Type.Object({ items: Type.Array(named<Company>('Company')) }, { title: '{ items: Company[] }' }),
  }),
} as const;

/** The cache's counters as health reports them. */
export interface CacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
  evictions: number;
  invalidations: number;
  computations: number;
  hitRatio: number | null;
}

/** Health: the status, the cache's counters and whatever else each part reports (database, pool, live…). */
export interface HealthResult {
  status: 'healthy' | 'degraded';
  cache?: CacheStats;
  [part: string]: unknown;
}
