/**
 * Recommendations derived from the measured figures only: which scenario misses which target or budget, by
 * how much, and the likely cause where the figures point at one (the cache miss path, queueing behind a
 * serialised handler or worker pool, payload size, errors, a heavy tail).
 */
import type { BenchResult, ScenarioResult } from './types.js';

const ms = (x: number) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)} ms`;
const LARGE_PAYLOAD_BYTES = 256 * 1024;

function likelyCauses(s: ScenarioResult, all: readonly ScenarioResult[]): string[] {
  const causes: string[] = [];
  const pair = all.find((p) => p.paired && p.path === s.path && p.paired.ratio_mean !== null && p.paired.ratio_mean >= 3);
  if (pair?.paired) {
    causes.push(
      `cache miss path: a miss on ${s.path} takes ${ms(pair.paired.a.latency_ms.mean)} vs ${ms(pair.paired.b.latency_ms.mean)} on a hit (${pair.paired.ratio_mean}×); make the uncached computation cheaper or keep the entry warm`,
    );
  }
  // Same request at a lower concurrency: if the mean grows with users while throughput does not, requests queue.
  const users = (x: ScenarioResult) => Number(/(\d+) users?/.exec(x.model)?.[1] ?? 0);
  const lower = all
    .filter((o) => o !== s && o.status === 'ok' && o.method === s.method && o.path === s.path && users(o) > 0 && users(o) < users(s))
    .sort((a, b) => users(a) - users(b))[0];
  if (lower && lower.latency_ms.mean > 0 && lower.throughput > 0) {
    const latencyGrowth = s.latency_ms.mean / lower.latency_ms.mean;
    const throughputGrowth = s.throughput / lower.throughput;
    if (latencyGrowth > 2 && throughputGrowth < latencyGrowth / 2)
      causes.push(
        `queueing: from ${users(lower)} to ${users(s)} users the mean grows ${latencyGrowth.toFixed(1)}× while throughput grows only ${throughputGrowth.toFixed(1)}× — requests wait behind a serialised handler or a busy worker pool`,
      );
  }
  const perResponse = s.requests > 0 ? s.bytes_received / (s.requests - s.errors.connection - s.errors.timeout || 1) : 0;
  if (perResponse > LARGE_PAYLOAD_BYTES)
    causes.push(`payload size: ${(perResponse / 1024).toFixed(0)} KiB per response; paginate, trim fields or batch`);
  if (s.success_rate < 95) {
    const kinds = Object.entries(s.errors)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    causes.push(`errors: ${kinds || 'none'}; statuses ${JSON.stringify(s.statuses)}`);
  }
  if (s.latency_ms.p99 > 4 * s.latency_ms.p50 && s.latency_ms.p99 > 10)
    causes.push(
      `heavy tail: p99 ${ms(s.latency_ms.p99)} is ${(s.latency_ms.p99 / Math.max(s.latency_ms.p50, 0.001)).toFixed(1)}× the p50 (cache misses, GC pauses or periodic work)`,
    );
  return causes;
}

/** Generator event-loop utilisation at or above which the generator is called saturated. */
const GENERATOR_SATURATED = 0.9;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * What held an open-model scenario below its rate, named from the figures: the generator (its event loop was
 * busy), or the server (connections × its latency bound the rate: each connection waits for its answer, so
 * more connections only help if the server answers more requests at once).
 */
function limitOf(s: ScenarioResult): string {
  const busy = s.generator_busy ?? null;
  if (busy !== null && busy >= GENERATOR_SATURATED)
    return `the load generator was busy ${pct(busy)} of the run: the generator is the limit, not the server`;
  const users = Number(/≤ (\d+) connections/.exec(s.model)?.[1] ?? 0);
  const bound = users > 0 && s.latency_ms.mean > 0 ? Math.round((users / s.latency_ms.mean) * 1000) : null;
  const gen = busy === null ? '' : ` (generator busy ${pct(busy)})`;
  return bound === null
    ? `the server answered ${s.throughput} req/s${gen}`
    : `the server is the limit${gen}: at its mean latency of ${ms(s.latency_ms.mean)}, ${users} connections can carry at most ${bound} req/s and it answered ${s.throughput} req/s; more connections help only if it can answer more requests at once`;
}

export function recommendations(r: BenchResult): string[] {
  const out: string[] = [];
  const byName = new Map(r.scenarios.map((s) => [s.name, s]));
  for (const t of r.targets.filter((t) => !t.pass)) {
    const s = byName.get(t.scenario);
    if (!s) continue;
    const miss = t.target.startsWith('success') ? `${(t.limit - t.actual).toFixed(1)} points` : ms(t.actual - t.limit);
    const causes = likelyCauses(s, r.scenarios);
    out.push(
      `${t.scenario} misses "${t.target}" by ${miss} (${t.target.startsWith('success') ? `${t.actual}%` : ms(t.actual)})${causes.length ? `. Likely: ${causes.join('; ')}` : ''}.`,
    );
  }
  for (const b of r.budgets.filter((b) => !b.pass))
    out.push(`${b.scenario} fails its budget: ${b.limit} ${b.actual}, budget ${b.expected}.`);
  for (const s of r.scenarios) {
    if (s.status === 'skipped') out.push(`${s.name} was skipped: ${s.skip_reason ?? 'no reason given'}.`);
    if (s.status === 'failed') out.push(`${s.name} could not run: ${s.skip_reason ?? 'unknown error'}.`);
    if (s.saturated && s.rate)
      out.push(
        `${s.name}: asked for ${s.rate.target} req/s, achieved ${s.rate.achieved} (${s.dropped ?? 0} dropped): saturated by ${s.saturation ?? 'the generator'}; ${limitOf(s)}.`,
      );
    else if (s.queued_late > 0 && s.requests > 0)
      out.push(`${s.name}: ${s.queued_late} of ${s.requests} open-model requests waited for a free connection; ${limitOf(s)}.`);
    else if ((s.generator_busy ?? 0) >= GENERATOR_SATURATED)
      out.push(
        `${s.name}: the load generator was busy ${pct(s.generator_busy ?? 0)} of the run; the generator, not the server, may be the limit (figures understate the server).`,
      );
    for (const l of s.slo?.lines.filter((x) => !x.pass) ?? [])
      out.push(`${s.name} misses its SLO: ${l.limit} ${l.actual}, SLO ${l.expected}.`);
  }
  for (const g of r.gates?.filter((x) => !x.pass) ?? [])
    out.push(`${g.scenario ?? 'run'} fails the ${g.gate} gate: ${g.actual}, needs ${g.expected} (--min-success sets the gate).`);
  if (out.length === 0) out.push('Every target and budget is met.');
  return out;
}
