import { afterAll, describe, expect, it } from 'vitest';
import { EngineMetrics } from '../../src-engine/service/common/metrics.js';
import { WorkerPool } from '../../src-engine/pool/pool.js';
import { tempDir } from '../helpers/tmp.js';
import { seedDatabase } from './fixtures.js';
import { parsePrometheus, sampleValue } from './prom-text.js';

describe('EngineMetrics exposes real counts in Prometheus text', () => {
  it('counts requests and latencies per route and status', async () => {
    const m = new EngineMetrics();
    m.recordRequest('dashboard.overview', 200, 0.0004);
    m.recordRequest('dashboard.overview', 200, 0.003);
    m.recordRequest('dashboard.overview', 200, 0.003);
    m.recordRequest('dashboard.overview', 400, 0.0001);
    m.recordRequest('dashboard.stats', 200, 0.2);
    const s = parsePrometheus(await m.metricsText());
    const overviewOk = { route: 'dashboard.overview', status: '200' };
    expect(sampleValue(s, 'kira_http_requests_total', overviewOk)).toBe(3);
    expect(sampleValue(s, 'kira_http_requests_total', { route: 'dashboard.overview', status: '400' })).toBe(1);
    expect(sampleValue(s, 'kira_http_requests_total', { route: 'dashboard.stats', status: '200' })).toBe(1);
    expect(sampleValue(s, 'kira_http_request_duration_seconds_count', overviewOk)).toBe(3);
    expect(sampleValue(s, 'kira_http_request_duration_seconds_sum', overviewOk)).toBeCloseTo(0.0064, 10);
    // Histogram buckets are cumulative: one at ≤0.5 ms, all three by 5 ms.
    expect(sampleValue(s, 'kira_http_request_duration_seconds_bucket', { ...overviewOk, le: '0.0005' })).toBe(1);
    expect(sampleValue(s, 'kira_http_request_duration_seconds_bucket', { ...overviewOk, le: '0.002' })).toBe(1);
    expect(sampleValue(s, 'kira_http_request_duration_seconds_bucket', { ...overviewOk, le: '0.005' })).toBe(3);
  });

  it('reports cache counters, cache sizes read at scrape time, rebuilds and live subscribers', async () => {
    const m = new EngineMetrics();
    let sizes = { entries: 2, bytes: 1000 };
    m.observeCache(() => sizes);
    m.cacheHit('dashboard.overview');
    m.cacheHit('dashboard.overview');
    m.cacheMiss('dashboard.overview');
    m.cacheEvicted(4);
    m.recordRebuild(0.3, 'ok');
    m.setLiveSubscribers(5, 'ws');
    let s = parsePrometheus(await m.metricsText());
    expect(sampleValue(s, 'kira_cache_hits_total', { route: 'dashboard.overview' })).toBe(2);
    expect(sampleValue(s, 'kira_cache_misses_total', { route: 'dashboard.overview' })).toBe(1);
    expect(sampleValue(s, 'kira_cache_evictions_total')).toBe(4);
    expect(sampleValue(s, 'kira_cache_bytes')).toBe(1000);
    expect(sampleValue(s, 'kira_rollup_rebuild_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sampleValue(s, 'kira_live_subscribers', { transport: 'ws' })).toBe(5);
    sizes = { entries: 3, bytes: 1500 };
    s = parsePrometheus(await m.metricsText());
    expect(sampleValue(s, 'kira_cache_entries')).toBe(3);
    expect(sampleValue(s, 'kira_cache_bytes')).toBe(1500);
  });

  it('keeps each engine in its own registry', async () => {
    const a = new EngineMetrics();
    const b = new EngineMetrics();
    a.recordRequest('dashboard.overview', 200, 0.001);
    const s = parsePrometheus(await b.metricsText());
    expect(sampleValue(s, 'kira_http_requests_total', { route: 'dashboard.overview', status: '200' })).toBeUndefined();
  });

  describe('pool gauges', () => {
    const tmp = tempDir();
    afterAll(() => tmp.cleanup());
    it('reads the live pool at scrape time', async () => {
      const store = seedDatabase(tmp.path('kira.db'), { companies: 1, clients: 2, expenses: 10, invoices: 5, quotes: 1 });
      const pool = new WorkerPool({ threads: 2 });
      const m = new EngineMetrics();
      m.observePool(() => pool.stats());
      try {
        const r = await pool.run('query', { dbPath: store.path, sql: 'SELECT COUNT(*) AS n FROM expenses' });
        expect(r).toEqual({ columns: ['n'], rows: [[10]] });
        const s = parsePrometheus(await m.metricsText());
        expect(sampleValue(s, 'kira_pool_threads')).toBe(2);
        expect(sampleValue(s, 'kira_pool_completed_tasks')).toBe(1);
        expect(sampleValue(s, 'kira_pool_queue_size')).toBe(0);
      } finally {
        await pool.close();
        store.close();
      }
    });
  });
});
