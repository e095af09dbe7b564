/**
 * One pushed event and its wire forms. Every subscriber of a company gets the same event object, so each
 * wire form is serialised once per event (not once per subscriber: 1,000 subscribers, one JSON.stringify).
 */
import type { LiveEventName } from '../core/api/index.js';

export interface LiveEvent<D = unknown> {
  readonly companyId: number;
  /** Increases by one per event of this company (aggregate, alert or progress); the SSE `id:` field. */
  readonly id: number;
  readonly name: LiveEventName;
  readonly data: D;
}

export type LiveListener = (event: LiveEvent) => void;

const dataJson = new WeakMap<LiveEvent, string>();
const sseFrames = new WeakMap<LiveEvent, string>();
const wsMessages = new WeakMap<LiveEvent, string>();

export function makeEvent<D>(companyId: number, id: number, name: LiveEventName, data: D, json?: string): LiveEvent<D> {
  const e: LiveEvent<D> = Object.freeze({ companyId, id, name, data });
  if (json !== undefined) dataJson.set(e, json);
  return e;
}

function jsonOf(e: LiveEvent): string {
  let j = dataJson.get(e);
  if (j === undefined) {
    j = JSON.stringify(e.data);
    dataJson.set(e, j);
  }
  return j;
}

/** `id:`/`event:`/`data:` lines; JSON never contains a raw newline, so one `data:` line suffices. */
export function sseFrame(e: LiveEvent): string {
  let f = sseFrames.get(e);
  if (f === undefined) {
    f = `id: ${e.id}\nevent: ${e.name}\ndata: ${jsonOf(e)}\n\n`;
    sseFrames.set(e, f);
  }
  return f;
}

/** `{ type, id, company, data }`, the WebSocket form of the same event. */
export function wsMessage(e: LiveEvent): string {
  let m = wsMessages.get(e);
  if (m === undefined) {
    m = `{"type":${JSON.stringify(e.name)},"id":${e.id},"company":${e.companyId},"data":${jsonOf(e)}}`;
    wsMessages.set(e, m);
  }
  return m;
}
