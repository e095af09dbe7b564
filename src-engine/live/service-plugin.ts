/**
 * The live plugin in the service's `plugins` form: `startServer({ ..., plugins: [live.plugin] })`. The hub is
 * created from the server's store when the plugin runs, wired to the `kira_live_subscribers` gauge, closed
 * with the app, and reachable afterwards as `live.hub` (import/recalculation progress, Electron IPC).
 */
import type { ServerPlugin } from '../service/server.js';
import { createLiveHub, type KiraLiveHub } from './create-hub.js';
import type { DropInfo, StreamLimits } from './limits.js';
import { livePlugin } from './plugin.js';

export interface LiveService {
  readonly plugin: ServerPlugin;
  /** Throws until the server has started. */
  readonly hub: KiraLiveHub;
}

export function liveService(opts: { limits?: Partial<StreamLimits>; onDrop?: (info: DropInfo) => void } = {}): LiveService {
  let hub: KiraLiveHub | undefined;
  return {
    plugin: async (app, ctx) => {
      const h = createLiveHub(ctx.store, { onSubscribersChanged: (n, transport) => ctx.metrics.setLiveSubscribers(n, transport) });
      hub = h;
      app.addHook('onClose', async () => h.close());
      await livePlugin(app, { store: ctx.store, security: ctx.security, hub: h, ...opts });
    },
    get hub(): KiraLiveHub {
      if (!hub) throw new Error('the live hub exists once the server has started');
      return hub;
    },
  };
}
