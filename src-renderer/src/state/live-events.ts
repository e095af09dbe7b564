/** A tiny fan-out of live events for views other than the dashboard (import and recalculation progress, bench progress). */
import { create } from 'zustand';

type Listener = (event: string, data: unknown) => void;

interface LiveEvents {
  listeners: Set<Listener>;
  emit(event: string, data: unknown): void;
  on(l: Listener): () => void;
}

export const useLiveEvents = create<LiveEvents>()((_set, get) => ({
  listeners: new Set(),
  emit: (event, data) => get().listeners.forEach((l) => l(event, data)),
  on: (l) => {
    get().listeners.add(l);
    return () => get().listeners.delete(l);
  },
}));
