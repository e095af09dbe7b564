/** Tunables shared by the SSE and WebSocket transports; tests shrink them, production keeps the defaults. */
export interface StreamLimits {
  /** SSE heartbeat comment / WebSocket ping interval (spec: 15 s). */
  heartbeatMs: number;
  /** The SSE `retry:` field: how long EventSource waits before reconnecting. */
  retryMs: number;
  /** A subscriber whose unsent bytes exceed this is dropped (slow or dead consumer). */
  maxBufferedBytes: number;
  /** Largest accepted WebSocket client message; bigger closes with 1009. */
  maxMessageBytes: number;
  /** After a drop, how long the final error gets to drain before the socket is destroyed. */
  dropGraceMs: number;
}

export const DEFAULT_LIMITS: Readonly<StreamLimits> = Object.freeze({
  heartbeatMs: 15_000,
  retryMs: 2_000,
  maxBufferedBytes: 1024 * 1024,
  maxMessageBytes: 4096,
  dropGraceMs: 1_000,
});

export type Transport = 'sse' | 'ws';

export interface DropInfo {
  transport: Transport;
  companyId: number;
  reason: 'slow_consumer' | 'heartbeat_timeout';
}
