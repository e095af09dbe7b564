/** Dashboard data: one batch for first paint and every refresh; live events trigger a coalesced refetch. */
import { create } from 'zustand';
import type { Granularity } from '../../../src-engine/core/dates.js';
import type { LiveAlert } from '../../../src-engine/core/live/types.js';
import type { KiraClient } from '../client/client.js';
import { bucketsCovering, type DateRange } from '../format/ranges.js';
import type { Basis } from '../../../src-engine/core/domain.js';
import { applyOutcomes, isLatest, mergeAlerts, type DashData, type DashKey, type Outcomes } from './dashboard-data.js';
import { errorMessage } from '../../../src-engine/core/errors.js';

export interface DashQuery {
  company: number;
  range: DateRange;
  basis: Basis;
  granularity: Granularity;
}

interface DashState {
  data: DashData;
  errors: Partial<Record<DashKey, string>>;
  loading: boolean;
  /** Seq of the last request sent / applied. */
  seq: number;
  lastQueryKey: string | null;
  alerts: LiveAlert[];
  live: 'connecting' | 'open' | 'error' | 'off';
  updatedAt: number | null;
  granularity: Granularity | null;
  setGranularity(g: Granularity | null): void;
  load(client: KiraClient, q: DashQuery): Promise<void>;
  pushAlerts(alerts: LiveAlert[]): void;
  setLive(s: DashState['live']): void;
}

function requestsFor(q: DashQuery) {
  const base = { company: q.company, from: q.range.from, to: q.range.to, basis: q.basis };
  const periods = bucketsCovering(q.range, q.granularity);
  // A tuple (`as const`): the batch types each answer by its request's view.
  return [
    { view: 'overview', params: base },
    { view: 'stats', params: base },
    { view: 'trends', params: { ...base, granularity: q.granularity, periods } },
    // cash basis revenue = invoices paid per bucket: the cash-flow chart's "money in"
    { view: 'trends', params: { ...base, basis: 'cash', granularity: q.granularity, periods } },
    { view: 'breakdown', params: base },
    { view: 'realtime/aggregate', params: { company: q.company } },
  ] as const;
}

/** One batch for every view; when the batch itself is refused (401, 503, …) each view shows the service's message. */
async function fetchAll(client: KiraClient, q: DashQuery): Promise<Outcomes> {
  try {
    const [overview, stats, trends, cashTrends, breakdown, realtime] = await client.batch(q.company, requestsFor(q));
    return { overview, stats, trends, cashTrends, breakdown, realtime };
  } catch (e) {
    const failed = { ok: false, message: errorMessage(e) } as const;
    return { overview: failed, stats: failed, trends: failed, cashTrends: failed, breakdown: failed, realtime: failed };
  }
}

// Live events can arrive in bursts (an import commits many batches): one fetch in flight, at most one queued.
let inflight: Promise<void> | null = null;
let queued: { client: KiraClient; q: DashQuery } | null = null;

export const useDashboard = create<DashState>()((set, get) => ({
  data: {},
  errors: {},
  loading: false,
  seq: 0,
  lastQueryKey: null,
  alerts: [],
  live: 'off',
  updatedAt: null,
  granularity: null,
  setGranularity: (granularity) => set({ granularity }),
  async load(client, q) {
    if (inflight) {
      queued = { client, q };
      return inflight;
    }
    const key = JSON.stringify(q);
    const seq = get().seq + 1;
    // a new query (range, company, basis) shows the loading state; a live refresh of the same query stays quiet
    set({ seq, loading: key !== get().lastQueryKey });
    inflight = (async () => {
      const outcomes = await fetchAll(client, q);
      if (!isLatest(seq, get().seq)) return;
      const { data, errors } = applyOutcomes(get().data, outcomes);
      set({
        data,
        errors,
        loading: false,
        lastQueryKey: key,
        updatedAt: Date.now(),
        alerts: mergeAlerts(get().alerts, data.realtime?.alerts ?? []),
      });
    })().finally(() => {
      inflight = null;
      const next = queued;
      queued = null;
      if (next) void get().load(next.client, next.q);
    });
    return inflight;
  },
  pushAlerts: (alerts) => set({ alerts: mergeAlerts(get().alerts, alerts) }),
  setLive: (live) => set({ live }),
}));
