/** The hub wired to a store: its change feed in, the dashboard's realtime aggregate as the figures. */
import type { RealtimeResult } from '../dashboard/index.js';
import type { Store } from '../store/store.js';
import { LiveHub, type LiveHubOptions } from './hub.js';
import { dashboardSource } from './source.js';

export type KiraLiveHub = LiveHub<RealtimeResult>;

export function createLiveHub(store: Store, opts: Omit<LiveHubOptions<RealtimeResult>, 'feed' | 'source'> = {}): KiraLiveHub {
  return new LiveHub({ ...opts, feed: store.changes, source: dashboardSource(store.db) });
}
