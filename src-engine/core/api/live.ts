/**
 * The live events and what each carries, declared once: the engine's senders (live/hub.ts, the progress hooks,
 * the benchmark panel) are typed by it, and the renderer's live listener narrows `data` by event name.
 * The names are the SSE event names, the WebSocket message types and the IPC live channel's event names.
 */
import type { BenchLiveEvent } from '../bench/panel.js';
import type { ImportProgress, StatementProgress } from '../import/types.js';
import type { LiveAlert } from '../live/types.js';
import type { RecalculationProgress } from '../recalculation.js';
import type { RealtimeResult } from '../views/types.js';

/**
 * `import-progress`: Kira's own CSV import reports bytes and rows, a statement import its stage; each import
 * ends with a `done: true` event (the CSV import's with its counts).
 */
export type ImportProgressEvent =
  | ({ kind: 'expenses' | 'invoices' } & ImportProgress)
  | { kind: 'expenses' | 'invoices'; done: true; imported: number; rejected: number }
  | ({ kind: 'statement' } & StatementProgress)
  | { kind: 'statement'; done: true };

/** Each live event's payload (`data` on every transport). */
export interface LivePayloads {
  /** The company's live aggregate, pushed when its figures change (and first, as the snapshot). */
  aggregate: RealtimeResult;
  /** One alert that appeared or changed level or message. */
  alert: LiveAlert;
  'recalculate-progress': RecalculationProgress;
  'import-progress': ImportProgressEvent;
  'bench-progress': BenchLiveEvent;
}

/** Live events pushed to subscribers (SSE event names, WS message types, IPC event channel suffixes). */
export type LiveEventName = keyof LivePayloads;

// A record keyed by the payloads, so the list can neither miss an event nor name one without a payload.
const LISTED: { readonly [E in LiveEventName]: true } = {
  aggregate: true,
  alert: true,
  'recalculate-progress': true,
  'import-progress': true,
  'bench-progress': true,
};
export const LIVE_EVENTS = Object.keys(LISTED) as readonly LiveEventName[];

export type LivePayload<E extends LiveEventName> = LivePayloads[E];

/** The events that report a long operation's progress (not numbered per change: pushed as the operation runs). */
export type ProgressEventName = 'recalculate-progress' | 'import-progress' | 'bench-progress';
