/**
 * What a (re)connecting subscriber receives first: the missed events when it names the last id it saw and
 * they are still buffered, otherwise the current aggregate. Run in the same tick as `hub.subscribe` so no
 * event can fall between the two.
 */
import type { LiveEvent } from './event.js';
import type { LiveHub } from './hub.js';

/** `Last-Event-ID` is a decimal event id; anything else counts as absent. */
export function parseLastEventId(raw: unknown): number | undefined {
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

export function startingEvents(hub: LiveHub, companyId: number, lastId: number | undefined): LiveEvent[] {
  if (lastId !== undefined) {
    const missed = hub.since(companyId, lastId);
    if (missed) return missed;
  }
  return [hub.snapshot(companyId)];
}
