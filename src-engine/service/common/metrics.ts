/**
 * Prometheus metrics of one engine instance, in its own `Registry` (never prom-client's global default, so two
 * engines in one process — tests, the benchmark — never mix counts). Counters are fed by the code that sees
 * the event (the HTTP layer, the cache, the recalculation); pool and cache sizes are read at scrape time.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../../pool/pool.js';

export interface CacheSizes {
  entries: number;
  bytes: number;
}

export interface MetricsOptions {
  /** Node process metrics (CPU, memory, event loop lag) alongside Kira's. */
  processMetrics?: boolean;
}

// Dashboard reads are served in about a millisecond when cached; the low buckets matter most.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const REBUILD_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * `_total` is the counter suffix (Prometheus naming rules; `promtool check metrics` rejects a gauge with it), yet
 * prom-client's default metrics name three gauges so: `kira_nodejs_active_{handles,requests,resources}_total`.
 * Each is replaced by a gauge of the same help and value named `…_all` (the sum over the labelled gauge's types;
 * `_count`/`_sum` are reserved for histograms). Done generically so a future default gauge cannot bring it back.
 */
export function gaugeNameWithoutTotal(name: string): string {
  return name.replace(/_total$/, '_all');
}

function renameTotalGauges(registry: Registry): void {
  for (const { name, help } of registry.getMetricsAsArray()) {
    const original = registry.getSingleMetric(name);
    if (!(original instanceof Gauge) || !name.endsWith('_total')) continue;
    registry.removeSingleMetric(name);
    new Gauge({
      name: gaugeNameWithoutTotal(name),
      help,
      registers: [registry],
      async collect() {
        // Unlabelled (no default labels are configured): the original's own collect() sets its single value.
        const { values } = await original.get();
        this.set(values[0]?.value ?? 0);
      },
    });
  }
}

export class EngineMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'status'>;
  private readonly latency: Histogram<'route' | 'status'>;
  private readonly cacheHits: Counter<'route'>;
  private readonly cacheMisses: Counter<'route'>;
  private readonly cacheEvictions: Counter;
  private readonly rebuilds: Histogram<'outcome'>;
  private readonly liveSubscribers: Gauge<'transport'>;
  /** Children bound to their labels once (route → status → child): a labelled inc/observe hashes its labels every call. */
  private readonly bound = new Map<string, Map<number, { count: () => void; observe: (s: number) => void }>>();
  private readonly boundHits = new Map<string, () => void>();
  private readonly boundMisses = new Map<string, () => void>();
  private cacheSizes: (() => CacheSizes) | null = null;
  private poolStats: (() => PoolStats) | null = null;

  constructor(opts: MetricsOptions = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'kira_http_requests_total',
      help: 'Requests answered, by route and status',
      labelNames: ['route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'kira_http_request_duration_seconds',
      help: 'Request latency, by route and status',
      labelNames: ['route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.cacheHits = new Counter({ name: 'kira_cache_hits_total', help: 'Response cache hits', labelNames: ['route'], registers });
    this.cacheMisses = new Counter({ name: 'kira_cache_misses_total', help: 'Response cache misses', labelNames: ['route'], registers });
    this.cacheEvictions = new Counter({ name: 'kira_cache_evictions_total', help: 'Entries evicted for size or age', registers });
    const self = this;
    new Gauge({
      name: 'kira_cache_entries',
      help: 'Entries in the response cache',
      registers,
      collect() {
        if (self.cacheSizes) this.set(self.cacheSizes().entries);
      },
    });
    new Gauge({
      name: 'kira_cache_bytes',
      help: 'Bytes held by the response cache',
      registers,
      collect() {
        if (self.cacheSizes) this.set(self.cacheSizes().bytes);
      },
    });
    const poolGauge = (name: string, help: string, pick: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          if (self.poolStats) this.set(pick(self.poolStats()));
        },
      });
    poolGauge('kira_pool_threads', 'Worker threads alive', (s) => s.threads);
    poolGauge('kira_pool_queue_size', 'Tasks waiting for a worker', (s) => s.queue);
    poolGauge('kira_pool_running_tasks', 'Tasks running in workers', (s) => s.running);
    poolGauge('kira_pool_utilisation_ratio', 'Share of time the workers spent running tasks (0..1)', (s) => s.utilisation);
    poolGauge('kira_pool_completed_tasks', 'Tasks completed since the pool started', (s) => s.completed);
    this.rebuilds = new Histogram({
      name: 'kira_rollup_rebuild_duration_seconds',
      help: 'Rollup recalculations, by outcome',
      labelNames: ['outcome'],
      buckets: REBUILD_BUCKETS,
      registers,
    });
    this.liveSubscribers = new Gauge({
      name: 'kira_live_subscribers',
      help: 'Live stream subscribers, by transport',
      labelNames: ['transport'],
      registers,
    });
    if (opts.processMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix: 'kira_' });
      renameTotalGauges(this.registry);
    }
  }

  /** One answered request; `route` is the handler name (never the raw URL: unbounded label values). */
  recordRequest(route: string, status: number, seconds: number): void {
    let byStatus = this.bound.get(route);
    if (!byStatus) this.bound.set(route, (byStatus = new Map()));
    let child = byStatus.get(status);
    if (!child) {
      const labels = { route, status: String(status) };
      const counter = this.requests.labels(labels);
      const histogram = this.latency.labels(labels);
      child = { count: () => counter.inc(), observe: (s) => histogram.observe(s) };
      byStatus.set(status, child);
    }
    child.count();
    child.observe(seconds);
  }

  cacheHit(route: string): void {
    let inc = this.boundHits.get(route);
    if (!inc) {
      const child = this.cacheHits.labels({ route });
      this.boundHits.set(route, (inc = () => child.inc()));
    }
    inc();
  }

  cacheMiss(route: string): void {
    let inc = this.boundMisses.get(route);
    if (!inc) {
      const child = this.cacheMisses.labels({ route });
      this.boundMisses.set(route, (inc = () => child.inc()));
    }
    inc();
  }

  cacheEvicted(count = 1): void {
    this.cacheEvictions.inc(count);
  }

  /** Where the cache's size is read at scrape time. */
  observeCache(sizes: () => CacheSizes): void {
    this.cacheSizes = sizes;
  }

  observePool(stats: () => PoolStats): void {
    this.poolStats = stats;
  }

  recordRebuild(seconds: number, outcome: 'ok' | 'failed' | 'cancelled'): void {
    this.rebuilds.observe({ outcome }, seconds);
  }

  setLiveSubscribers(count: number, transport: 'sse' | 'ws' | 'ipc' = 'sse'): void {
    this.liveSubscribers.set({ transport }, count);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metricsText(): Promise<string> {
    return this.registry.metrics();
  }
}
