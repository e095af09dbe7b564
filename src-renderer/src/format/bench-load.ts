/**
 * What the load generator did in a benchmark run, as the panel shows it: the open model's target vs achieved
 * rate and dropped requests, a scripted scenario's iterations, a saturated scenario's limit, and the generator
 * threads (how many, how chosen, busy share, event-loop lag, CPU). Pure: the result object in, display text out,
 * numbers formatted with Intl at this edge only.
 */
import type { BenchResult, GeneratorsUsed, ScenarioResult } from '../../../src-engine/core/bench/types.js';

/** What held a saturated scenario below its rate. */
export type LoadLimit = 'server' | 'generator' | 'connections' | 'users';

export interface RateView {
  unit: 'req/s' | 'iterations/s';
  target: string;
  achieved: string;
  /** Achieved as a share of the target ("31.6%"). */
  share: string;
  dropped: string;
}

export interface SaturationView {
  limit: LoadLimit;
  /** The engine's own words: its recommendation for the scenario when it made one, else the saturation note. */
  text: string;
}

export interface ThreadView {
  /** 0–1, for a meter. */
  busy: number;
  label: string;
}

export interface GeneratorsView {
  /** "1 thread" / "2 threads". */
  threads: string;
  chosen: string;
  reason: string;
  per_thread: ThreadView[];
  /** Highest event-loop lag p99 over the threads. */
  lag: string;
  /** Generator CPU over the run and per request; null when not measured (a worker thread outside Linux reports none). */
  cpu: string | null;
  /** The short one-thread run that chose the count (calibration), in figures; null when none ran. */
  calibration: string | null;
}

export interface LoadView {
  scenario: string;
  rate: RateView | null;
  /** "120 scheduled, 118 started, 118 completed, 2 dropped". */
  iterations: string | null;
  saturation: SaturationView | null;
  generators: GeneratorsView | null;
}

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string | undefined, digits: number): Intl.NumberFormat {
  const key = `${locale ?? ''}|${digits}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
  return f;
}

/** Rates and counts: whole numbers from 100 up, one decimal below (a 7.5 req/s target stays 7.5). */
function num(x: number, locale?: string): string {
  return nf(locale, Math.abs(x) >= 100 ? 0 : 1).format(x);
}

function percent(share: number, locale?: string): string {
  return `${nf(locale, share < 0.1 ? 1 : 0).format(share * 100)}%`;
}

function ms(x: number, locale?: string): string {
  return `${nf(locale, x >= 10 ? 0 : 1).format(x)} ms`;
}

const CHOSEN: Record<GeneratorsUsed['chosen'], string> = {
  auto: 'chosen by calibration',
  explicit: 'set with --threads',
  single: 'single',
};

/**
 * The limit named by the engine: its saturation note starts with the limit it found ("generator CPU: …",
 * "generator: …", "connections: …", "users: …"), and its recommendation may name it ("the server is the limit").
 */
function saturationOf(s: ScenarioResult, recommendations: readonly string[]): SaturationView | null {
  if (!s.saturated) return null;
  const note = s.saturation ?? '';
  const advice = recommendations.find((r) => r.startsWith(`${s.name}: asked for `));
  // The note's own limit first where it is specific (generator, a scripted scenario's users); "connections"
  // is refined by the recommendation, which says whether the server's latency bound them.
  const limit: LoadLimit =
    note.startsWith('generator') || advice?.includes('the generator is the limit')
      ? 'generator'
      : note.startsWith('users')
        ? 'users'
        : advice?.includes('the server is the limit')
          ? 'server'
          : note.startsWith('connections')
            ? 'connections'
            : 'server';
  return { limit, text: advice ?? note };
}

function generatorsOf(g: GeneratorsUsed, locale?: string): GeneratorsView {
  const threads = `${num(g.threads, locale)} thread${g.threads === 1 ? '' : 's'}`;
  const per_thread = g.per_thread.map((t, i) => ({
    busy: Math.min(1, Math.max(0, t.busy)),
    label: `#${i + 1} busy ${percent(t.busy, locale)}, lag p99 ${ms(t.lag_p99_ms, locale)}, ${num(t.requests, locale)} requests${t.sent_late > 0 ? `, ${num(t.sent_late, locale)} sent late` : ''}`,
  }));
  const lag = ms(Math.max(0, ...g.per_thread.map((t) => t.lag_p99_ms)), locale);
  const measured = g.per_thread.filter((t) => t.cpu_ms !== undefined);
  let cpu: string | null = null;
  if (measured.length > 0) {
    const cpuMs = measured.reduce((a, t) => a + (t.cpu_ms ?? 0), 0);
    const requests = measured.reduce((a, t) => a + t.requests, 0);
    cpu = `${ms(cpuMs, locale)}${requests > 0 ? ` (${num((cpuMs * 1000) / requests, locale)} µs/request)` : ''}`;
  }
  const c = g.calibration;
  const calibration = c
    ? `${ms(c.ms, locale)} on one thread: ${num(c.achieved_rate, locale)}${c.target_rate !== null ? ` of ${num(c.target_rate, locale)}` : ''} req/s, busy ${percent(c.busy, locale)}, lag p99 ${ms(c.lag_p99_ms, locale)}, ${percent(c.sent_late_share, locale)} sent late`
    : null;
  return { threads, chosen: CHOSEN[g.chosen], reason: g.reason, per_thread, lag, cpu, calibration };
}

/** One view per scenario that has something to show here (an open-model rate, iterations or generators). */
export function loadViews(result: BenchResult, locale?: string): LoadView[] {
  const out: LoadView[] = [];
  for (const s of result.scenarios) {
    if (!s.rate && !s.iterations && !s.generators) continue;
    const it = s.iterations;
    out.push({
      scenario: s.name,
      rate: s.rate
        ? {
            unit: it ? 'iterations/s' : 'req/s',
            target: num(s.rate.target, locale),
            achieved: num(s.rate.achieved, locale),
            share: s.rate.target > 0 ? percent(s.rate.achieved / s.rate.target, locale) : '—',
            dropped: num(it ? it.dropped : (s.dropped ?? 0), locale),
          }
        : null,
      iterations: it
        ? `${num(it.scheduled, locale)} scheduled, ${num(it.started, locale)} started, ${num(it.completed, locale)} completed, ${num(it.dropped, locale)} dropped`
        : null,
      saturation: saturationOf(s, result.recommendations),
      generators: s.generators ? generatorsOf(s.generators, locale) : null,
    });
  }
  return out;
}
