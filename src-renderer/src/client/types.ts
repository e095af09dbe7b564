/**
 * The one client contract the views use, whatever carries the calls (HTTP+SSE in a browser tab, IPC inside
 * Electron). Inputs follow the engine's convention (service/api/schemas.ts): query parameters and `:id` segments
 * are top-level fields, a request body goes under `body`.
 */
import type { LiveEventName } from '../../../src-engine/core/api.js';
import type { RendererRouteName } from './routes.js';

export type CallInput = Record<string, unknown> & { body?: unknown };

/** What every transport resolves with: the HTTP status and the decoded JSON body. */
export interface RawResponse {
  status: number;
  body: unknown;
}

export interface Transport {
  readonly kind: 'http' | 'ipc';
  call(name: RendererRouteName, input: CallInput): Promise<RawResponse>;
  /** Subscribe to live events of one company; returns the unsubscribe function. */
  live(company: number, listener: LiveListener): () => void;
  /** Upload a CSV with progress (0..1) where the transport can report it. */
  upload(name: RendererRouteName, input: CallInput, text: string, onProgress: (fraction: number) => void): Promise<RawResponse>;
  /** A URL the browser can download directly (HTTP), or null when the transport must fetch the file itself. */
  downloadUrl(name: RendererRouteName, input: CallInput): string | null;
}

export type LiveListener = (event: LiveEventName | 'open' | 'error', data: unknown) => void;

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

/** Turn a non-2xx response into a readable ApiError (the server's message when it sent one). */
export function toApiError(res: RawResponse): ApiError {
  const b = res.body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null;
  const err = b && typeof b === 'object' ? b.error : undefined;
  const message = typeof err?.message === 'string' ? err.message : `Request failed with status ${res.status}`;
  const code = typeof err?.code === 'string' ? err.code : 'http_' + res.status;
  const details = err?.details && typeof err.details === 'object' ? (err.details as Record<string, unknown>) : {};
  return new ApiError(res.status, code, message, details);
}

export function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}
