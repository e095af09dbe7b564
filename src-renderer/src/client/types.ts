/**
 * The one client contract the views use, whatever carries the calls (HTTP+SSE in a browser tab, IPC inside
 * Electron). Names, inputs and results are the engine's (`ApiInput` / `ApiResult` by handler name): query
 * parameters and `:id` segments are top-level input fields, a request body goes under `body`.
 */
import type { ApiInput, HandlerName, LiveEventName, LivePayload } from '../../../src-engine/core/api/index.js';
import type { IpcReply } from '../../../src-engine/service/ipc/dispatcher.js';
import type { BridgeEvent } from './bridge.js';

/** What every transport resolves with: the status and the decoded body, the same pair the IPC dispatcher answers. */
export type RawResponse = IpcReply;

/** Handlers whose body is a file's text, sent with upload progress. */
export type UploadName = 'import.expenses' | 'import.invoices' | 'import.preview' | 'import.statement';
/** An upload's input: the handler's own fields but `body`, which is the file's text. */
export type UploadInput<N extends UploadName> = Omit<ApiInput<N>, 'body'>;

export interface Transport {
  readonly kind: 'http' | 'ipc';
  call<N extends HandlerName>(name: N, input: ApiInput<N>): Promise<RawResponse>;
  /** Subscribe to live events of one company; returns the unsubscribe function. */
  live(company: number, listener: LiveListener): () => void;
  /** Upload a file's text with progress (0..1) where the transport can report it. */
  upload<N extends UploadName>(name: N, input: UploadInput<N>, text: string, onProgress: (fraction: number) => void): Promise<RawResponse>;
}

/** An engine live event with its payload, typed together by the contract (core/api/live.ts). */
export type EngineLiveArgs = { [E in LiveEventName]: [event: E, data: LivePayload<E>] }[LiveEventName];

/**
 * What a live listener receives: an engine event (checking `event` narrows `data` to its payload), `navigate`
 * (only over IPC, bridge.ts; its data is checked by the reader, not trusted) or the stream's state.
 */
export type LiveArgs = EngineLiveArgs | [event: Exclude<BridgeEvent, LiveEventName>, data: unknown] | [event: 'open' | 'error', data: null];
export type LiveListener = (...args: LiveArgs) => void;

/**
 * An event off the wire (SSE, WebSocket or the IPC live channel) as the contract types it. The payload is not
 * re-validated here, as a call's result is not: the engine's senders are typed by the same declaration.
 */
export function engineLiveArgs(event: LiveEventName, data: unknown): EngineLiveArgs {
  return [event, data] as EngineLiveArgs;
}

/** The error shape of every transport: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Turn a non-2xx response into a readable ApiError (the server's message when it sent one). */
export function toApiError(res: RawResponse): ApiError {
  const err = isRecord(res.body) && isRecord(res.body.error) ? res.body.error : {};
  const message = typeof err.message === 'string' ? err.message : `Request failed with status ${res.status}`;
  const code = typeof err.code === 'string' ? err.code : 'http_' + res.status;
  const details = isRecord(err.details) ? err.details : {};
  return new ApiError(res.status, code, message, details);
}

export function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}
