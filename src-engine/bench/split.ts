/**
 * Spreading one load job over several generators (threads or processes) when one cannot hold the load: users,
 * rate and request counts are shared out so that together they ask for exactly what the scenario asks for, and
 * their runs are merged afterwards (counts add, histograms merge exactly; per-slice percentiles are taken as the
 * worst thread's, a conservative bound, since a slice's own histogram is not kept).
 */
import { mergeConcurrentRuns } from '../core/bench/stats.js';
import { arrivalsDue, shares, splitModel } from '../core/bench/threads.js';
import type { Iterations, RawRun, TimelinePoint } from '../core/bench/types.js';
import type { LoadJob, ScriptJob, ScriptOutcome } from './thread/jobs.js';

/**
 * The job as n jobs, or just [job] when it cannot be split (fewer users than parts at the peak, a tiny count).
 * Stages are shared stage by stage (core/bench/threads.ts `splitModel`). In the open model each part's count is
 * also capped at its share of the arrivals one generator would schedule, so that n schedules at rate/n (each
 * rounding its own count up) still add up to exactly the single generator's count.
 */
export function splitJob<J extends LoadJob | ScriptJob>(job: J, n: number): J[] {
  const models = n > 1 && job.bounds.max_requests >= n ? splitModel(job.model, n) : null;
  if (!models) return [job];
  const due = arrivalsDue(job.model, job.bounds.duration_ms);
  const requests = shares(job.kind === 'load' && due !== null ? Math.min(job.bounds.max_requests, due) : job.bounds.max_requests, n);
  // A script's count bounds step requests, not arrivals: its arrivals get a count of their own.
  const arrivals = job.kind === 'script' && due !== null ? shares(Math.min(job.max_arrivals ?? Infinity, due), n) : null;
  const warm = shares(job.warmup.max_requests, n);
  return models.map((model, i) => ({
    ...job,
    model,
    bounds: { ...job.bounds, max_requests: requests[i] ?? 0 },
    warmup: { ...job.warmup, max_requests: warm[i] ?? 0 },
    ...(arrivals ? { max_arrivals: arrivals[i] ?? 0 } : {}),
    // Data rows interleaved: part i takes rows i, i+n, i+2n, … (after the job's own offset), so none is fed twice while rows last.
    ...(job.kind === 'script'
      ? { row_offset: (job.row_offset ?? 0) + i * (job.row_stride ?? 1), row_stride: (job.row_stride ?? 1) * n }
      : {}),
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

/** Outcomes of the parts of one scripted job, as one: runs merged (overall and tag by tag), counts summed. */
export function mergeScriptOutcomes(outs: readonly ScriptOutcome[]): ScriptOutcome {
  if (outs.length === 1) return outs[0] as ScriptOutcome;
  const warm = outs.map((o) => o.warmup).filter((w): w is RawRun => w !== null);
  const tags = new Map<string, RawRun[]>();
  for (const o of outs) for (const [k, r] of Object.entries(o.by_tag)) tags.set(k, [...(tags.get(k) ?? []), r]);
  const sum = (k: keyof Iterations) => outs.reduce((n, o) => n + o.iterations[k], 0);
  return {
    kind: 'script',
    warmup: warm.length > 0 ? mergeRuns(warm) : null,
    measured: mergeRuns(outs.map((o) => o.measured)),
    iterations: { scheduled: sum('scheduled'), started: sum('started'), completed: sum('completed'), dropped: sum('dropped') },
    check_failures: outs.reduce((n, o) => n + o.check_failures, 0),
    by_tag: Object.fromEntries([...tags].map(([k, runs]) => [k, mergeRuns(runs)])),
    rows_taken: outs.reduce((n, o) => n + o.rows_taken, 0),
  };
}
