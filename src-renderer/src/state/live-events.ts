/** A tiny fan-out of live events for views other than the dashboard (import and recalculation progress, bench progress). */
import { create } from 'zustand';
import type { LiveArgs, LiveListener } from '../client/types.js';

interface LiveEvents {
  listeners: Set<LiveListener>;
  /** Checking `event` in a listener narrows `data` to that event's payload (the engine's contract). */
  emit(...args: LiveArgs): void;
  on(l: LiveListener): () => void;
}

export const useLiveEvents = create<LiveEvents>()((_set, get) => ({
  listeners: new Set(),
  emit: (...args) => get().listeners.forEach((l) => l(...args)),
  on: (l) => {
    get().listeners.add(l);
    return () => get().listeners.delete(l);
  },
}));
