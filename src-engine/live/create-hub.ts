/** The hub wired to a store: its change feed in, the dashboard's realtime aggregate as the figures. */
import type { RealtimeResult } from '../core/views/types.js';
import type { Store } from '../store/store.js';
import { LiveHub, type LiveHubOptions } from './hub.js';
import { dashboardSource } from './source.js';

export type KiraLiveHub = LiveHub<RealtimeResult>;

export interface KiraLiveHubOptions extends Omit<LiveHubOptions<RealtimeResult>, 'feed' | 'source'> {
  /** The engine's clock for "today" (the views' injected clock), so pushed figures equal polled ones. */
  now?: () => Date;
}

export function createLiveHub(store: Store, opts: KiraLiveHubOptions = {}): KiraLiveHub {
  const { now, ...hub } = opts;
  return new LiveHub({ ...hub, feed: store.changes, source: dashboardSource(store.db, now) });
}
