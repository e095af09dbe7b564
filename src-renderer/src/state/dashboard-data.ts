/** Pure reducers of the dashboard store: new results replace old ones view by view; a failed view keeps its old value. */
import type { ApiResult } from '../../../src-engine/core/api/index.js';
import type { LiveAlert } from '../../../src-engine/core/live/types.js';

/** Each slot of the dashboard and the handler result it holds (two slots read the trends: accrual and cash). */
export interface DashValues {
  overview: ApiResult<'dashboard.overview'>;
  stats: ApiResult<'dashboard.stats'>;
  trends: ApiResult<'dashboard.trends'>;
  cashTrends: ApiResult<'dashboard.trends'>;
  breakdown: ApiResult<'dashboard.breakdown'>;
  realtime: ApiResult<'dashboard.realtimeAggregate'>;
}
export type DashData = Partial<DashValues>;
export type DashKey = keyof DashValues;
const DASH_KEYS: readonly DashKey[] = ['overview', 'stats', 'trends', 'cashTrends', 'breakdown', 'realtime'];

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };
/** One round's outcome per slot, each typed by its slot's result (a slot not asked for is absent). */
export type Outcomes = { [K in DashKey]?: Outcome<DashValues[K]> };

export interface Applied {
  data: DashData;
  errors: Partial<Record<DashKey, string>>;
}

/** Merge one round of results: keep old values where a view failed, so a blip never blanks a chart. */
export function applyOutcomes(prev: DashData, outcomes: Outcomes): Applied {
  const data: DashData = { ...prev };
  const errors: Partial<Record<DashKey, string>> = {};
  // Generic in the key so the slot and its outcome's value type stay linked.
  const take = <K extends DashKey>(k: K) => {
    const o = outcomes[k];
    if (!o) return;
    if (o.ok) data[k] = o.value;
    else errors[k] = o.message;
  };
  DASH_KEYS.forEach(take);
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
