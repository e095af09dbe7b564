/**
 * Spreading one load job over several generators (threads or processes) when one cannot hold the load: users,
 * rate and request counts are shared out so that together they ask for exactly what the scenario asks for, and
 * their runs are merged afterwards (counts add, histograms merge exactly; per-slice percentiles are taken as the
 * worst thread's, a conservative bound, since a slice's own histogram is not kept).
 */
import { mergeConcurrentRuns } from '../core/bench/stats.js';
import type { RawRun, TimelinePoint } from '../core/bench/types.js';
import type { LoadJob } from './thread/jobs.js';

/** n shares of total that add up to it exactly (the first ones one larger). */
export function shares(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total - base * n ? 1 : 0));
}

/** The job as n jobs, or just [job] when it cannot be split (fewer users than parts, stages, a tiny count). */
export function splitJob(job: LoadJob, n: number): LoadJob[] {
  const m = job.model;
  if (n <= 1 || m.users < n || (m.stages?.length ?? 0) > 0 || job.bounds.max_requests < n) return [job];
  const users = shares(m.users, n);
  const requests = shares(job.bounds.max_requests, n);
  const warm = shares(job.warmup.max_requests, n);
  return users.map((u, i) => ({
    ...job,
    model:
      m.type === 'open'
        ? { type: 'open', rate: m.rate / n, users: u }
        : { type: 'closed', users: u, ...(m.max_rate !== undefined ? { max_rate: m.max_rate / n } : {}) },
    bounds: { ...job.bounds, max_requests: requests[i] ?? 0 },
    warmup: { ...job.warmup, max_requests: warm[i] ?? 0 },
  }));
}

function mergeSlices(lists: readonly (readonly TimelinePoint[] | undefined)[]): TimelinePoint[] | undefined {
  const present = lists.filter((l): l is readonly TimelinePoint[] => l !== undefined);
  if (present.length === 0) return undefined;
  const out: TimelinePoint[] = [];
  const len = Math.max(...present.map((l) => l.length));
  for (let i = 0; i < len; i++) {
    const at = present.map((l) => l[i]).filter((p): p is TimelinePoint => p !== undefined);
    const worst = (k: 'p50' | 'p99') => at.reduce<number | null>((m, p) => (p[k] === null ? m : Math.max(m ?? 0, p[k])), null);
    out.push({
      t: at[0]?.t ?? 0,
      ms: Math.max(...at.map((p) => p.ms)),
      requests: at.reduce((n, p) => n + p.requests, 0),
      errors: at.reduce((n, p) => n + p.errors, 0),
      p50: worst('p50'),
      p99: worst('p99'),
    });
  }
  return out;
}

/** Runs of the same phase on several generators, as one. */
export function mergeRuns(runs: readonly RawRun[]): RawRun {
  if (runs.length === 1) return runs[0] as RawRun;
  const merged = mergeConcurrentRuns(runs);
  const timeline = mergeSlices(runs.map((r) => r.timeline));
  const noise = mergeSlices(runs.map((r) => r.noise_slices));
  return { ...merged, ...(timeline ? { timeline } : {}), ...(noise ? { noise_slices: noise } : {}) };
}
