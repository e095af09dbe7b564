import { describe, expect, it } from 'vitest';
import type { BenchResult, ScenarioResult } from '../../src-engine/core/bench/types.js';
import { compareRuns, resultToCsv, resultToMarkdown } from '../../src-renderer/src/format/bench-report.js';

const lat = (mean: number, stddev: number) => ({
  min: mean / 2,
  mean,
  stddev,
  p50: mean,
  p90: mean,
  p95: mean * 1.5,
  p99: mean * 2,
  p999: mean * 3,
  max: mean * 4,
});
const scen = (name: string, mean: number, stddev: number, requests: number): ScenarioResult => ({
  name,
  type: 'endpoint',
  counts_for_verdict: true,
  target_class: 'standard',
  method: 'GET',
  path: '/x',
  model: 'closed 1',
  status: 'ok',
  requests,
  errors: { status: 0, timeout: 0, connection: 0 },
  error_total: 0,
  statuses: { '200': requests },
  success_rate: 100,
  throughput: 50,
  bytes_received: 0,
  window_ms: 1000,
  latency_ms: lat(mean, stddev),
  histogram: '',
  buckets: [],
  queued_late: 0,
  warmup: null,
  grade: 'A+',
  grade_reasons: ['mean 1.0ms < 100ms → A+'],
});
const run = (scenarios: ScenarioResult[]): BenchResult => ({
  format: 'kira-bench/1',
  suite: 'default',
  target: { base_url: 'http://127.0.0.1:1', label: 'embedded', remote: false },
  started_at: '2024-01-01T00:00:00Z',
  finished_at: '2024-01-01T00:00:10Z',
  quick: true,
  aborted: false,
  environment: {
    cpu_model: 'cpu',
    cores: 4,
    total_memory_mb: 1,
    platform: 'linux',
    node: 'v20',
    kira_version: '0',
    dataset: null,
    load_generator: 'worker',
  },
  method: ['closed model'],
  scenarios,
  verdict: 'EXCELLENT',
  verdict_detail: { fast: 1, graded: 1, share: 1 },
  targets: [],
  budgets: [],
  budget_profile: null,
  recommendations: [],
});

describe('bench reports', () => {
  it('renders the seed-style table with the grade reason', () => {
    const md = resultToMarkdown(run([scen('dashboard_stats', 1, 0.2, 100)]));
    expect(md).toContain('| Endpoint | Avg Response Time | P50 | P95 Time |');
    expect(md).toContain('| `dashboard_stats` | 1.0ms | 1.0ms | 1.5ms | 2.0ms | 0.2ms | 50.0 | 100.0% | A+ | mean 1.0ms < 100ms → A+ |');
  });
  it('quotes CSV cells that hold commas', () => {
    const s = scen('a', 1, 0, 10);
    s.grade_reasons = ['x, y'];
    expect(resultToCsv(run([s])).split('\n')[1]).toMatch(/,A\+,"x, y"$/);
  });
  it("calls a difference significant only beyond the runs' noise", () => {
    const tight = compareRuns(run([scen('a', 10, 1, 1000)]), run([scen('a', 12, 1, 1000)]));
    expect(tight[0]).toMatchObject({ delta: 2, significant: true });
    const noisy = compareRuns(run([scen('a', 10, 50, 10)]), run([scen('a', 12, 50, 10)]));
    expect(noisy[0]!.significant).toBe(false);
    expect(compareRuns(run([scen('a', 1, 0, 5)]), run([]))[0]).toMatchObject({ b: null, delta: null });
  });
});
