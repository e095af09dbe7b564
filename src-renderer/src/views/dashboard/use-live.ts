/** Keeps the dashboard current: loads on query change, and refetches on every live `aggregate` event. */
import { useEffect } from 'react';
import { defaultGranularity } from '../../format/ranges.js';
import { useDashboard, type DashQuery } from '../../state/dashboard.js';
import { useSession } from '../../state/session.js';
import { useLiveEvents } from '../../state/live-events.js';

function useDashQuery(): DashQuery | null {
  const companyId = useSession((s) => s.companyId);
  const range = useSession((s) => s.range);
  const basis = useSession((s) => s.basis);
  const chosen = useDashboard((d) => d.granularity);
  if (companyId === null) return null;
  return { company: companyId, range, basis, granularity: chosen ?? defaultGranularity(range) };
}

/** Refetch the dashboard for the current query (after a write this page made: no need to wait for the live event). */
export function refreshDashboard(): void {
  const s = useSession.getState();
  const d = useDashboard.getState();
  if (!s.client || s.companyId === null) return;
  void d.load(s.client, {
    company: s.companyId,
    range: s.range,
    basis: s.basis,
    granularity: d.granularity ?? defaultGranularity(s.range),
  });
}

export function useLiveUpdates(): void {
  const client = useSession((s) => s.client);
  const q = useDashQuery();
  const key = q ? JSON.stringify(q) : null;

  useEffect(() => {
    if (client && q) void useDashboard.getState().load(client, q);
    // `key` stands for every field of q: reload only when the query really changed
  }, [client, key]);

  const company = q?.company ?? null;
  useEffect(() => {
    if (!client || company === null) return;
    const dash = useDashboard.getState();
    dash.setLive('connecting');
    const stop = client.live(company, (...args) => {
      // Checking `event` narrows `data` to that event's payload (core/api/live.ts).
      const [event, data] = args;
      const d = useDashboard.getState();
      if (event === 'open') d.setLive('open');
      else if (event === 'error') d.setLive('error');
      else if (event === 'aggregate') {
        d.setLive('open');
        d.pushAlerts(data.alerts);
        // refetch the visible views with the query as it is *now* (the closure's q may be stale)
        const s = useSession.getState();
        if (s.companyId !== null) {
          void d.load(client, {
            company: s.companyId,
            range: s.range,
            basis: s.basis,
            granularity: d.granularity ?? defaultGranularity(s.range),
          });
        }
      } else if (event === 'alert') {
        d.pushAlerts([data]);
      } else if (event === 'navigate') {
        // Electron's menu (src-main/menu.ts) opens a view: `navigate` with `{ view }` on the IPC live channel only,
        // so it is not one of the engine's LIVE_EVENTS. The view is checked, not trusted.
        const view = typeof data === 'object' && data !== null && 'view' in data ? data.view : null;
        if (view === 'bench' || view === 'dashboard') useSession.getState().setView(view);
      }
      useLiveEvents.getState().emit(...args);
    });
    return () => {
      stop();
      useDashboard.getState().setLive('off');
    };
  }, [client, company]);
}
