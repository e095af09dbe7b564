/**
 * "Not repeated while unchanged": a subscriber keeps the alerts it last announced and, on each new aggregate,
 * announces only alerts that are new or whose level/message changed, and reports which ones cleared. The
 * live aggregate itself always carries the full current list; this decides what to *notify*.
 */
import type { LiveAlert } from './types.js';

export interface AlertDiff {
  raised: LiveAlert[];
  cleared: string[];
}

const fingerprint = (a: LiveAlert) => `${a.level}\u0000${a.message}`;

export function diffAlerts(previous: readonly LiveAlert[], current: readonly LiveAlert[]): AlertDiff {
  const before = new Map(previous.map((a) => [a.id, fingerprint(a)]));
  const now = new Set(current.map((a) => a.id));
  return {
    raised: current.filter((a) => before.get(a.id) !== fingerprint(a)),
    cleared: previous.filter((a) => !now.has(a.id)).map((a) => a.id),
  };
}

/** Stateful wrapper for one subscriber (or one company's stream). */
export class AlertDeduper {
  private last: readonly LiveAlert[] = [];

  next(current: readonly LiveAlert[]): AlertDiff {
    const diff = diffAlerts(this.last, current);
    this.last = current;
    return diff;
  }
}
