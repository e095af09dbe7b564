/** Pure reducers of the dashboard store: new results replace old ones view by view; a failed view keeps its old value. */
import type {
  BreakdownResult,
  OverviewResult,
  RealtimeResult,
  StatsResult,
  TrendsResult,
  LiveAlert,
} from '../../../src-engine/core/views/types.js';

export interface DashData {
  overview?: OverviewResult;
  stats?: StatsResult;
  trends?: TrendsResult;
  cashTrends?: TrendsResult;
  breakdown?: BreakdownResult;
  realtime?: RealtimeResult;
}
export type DashKey = keyof DashData;

export type Outcome = { ok: true; value: unknown } | { ok: false; message: string };

export interface Applied {
  data: DashData;
  errors: Partial<Record<DashKey, string>>;
}

/** Merge one round of results: keep old values where a view failed, so a blip never blanks a chart. */
export function applyOutcomes(prev: DashData, keys: readonly DashKey[], outcomes: readonly Outcome[]): Applied {
  const data: DashData = { ...prev };
  const errors: Partial<Record<DashKey, string>> = {};
  keys.forEach((k, i) => {
    const o = outcomes[i];
    if (!o) return;
    if (o.ok) (data as Record<DashKey, unknown>)[k] = o.value;
    else errors[k] = o.message;
  });
  return { data, errors };
}

/** Alerts to show: newest first, one per id (the service does not repeat unchanged alerts, but reconnects can). */
export function mergeAlerts(current: readonly LiveAlert[], incoming: readonly LiveAlert[], max = 8): LiveAlert[] {
  const seen = new Set<string>();
  const out: LiveAlert[] = [];
  for (const a of [...incoming, ...current]) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    out.push(a);
  }
  return out.slice(0, max);
}

/** Whether a response belongs to the latest request (a slow old answer must not overwrite a newer range). */
export function isLatest(seq: number, latest: number): boolean {
  return seq === latest;
}
