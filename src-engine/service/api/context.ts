/**
 * What a handler may use: the store, the response cache, the clock, optional services owned by other modules
 * (pool, metrics, health), and `dispatch` (batch runs other handlers through the same wrappers).
 */
import type { Readable } from 'node:stream';
import type { HandlerName, LivePayload } from '../../core/api/index.js';
import type { Store } from '../../store/store.js';
import type { ResponseCache } from '../common/cache.js';
import type { ProgressName } from '../common/progress.js';
import type { BenchRunsApi } from '../../bench/panel-runs.js';
import type { RecalculationResult } from '../../core/recalculation.js';

/** A response the transports write as they are: JSON text (maybe cached, with an ETag), plain text or a file. */
export type Outcome =
  | { status: number; kind: 'json'; text: string; etag?: string; cache?: 'hit' | 'miss' | 'bypass' }
  | { status: number; kind: 'text'; text: string; contentType: string }
  | { status: number; kind: 'file'; stream: Readable; contentType: string; filename: string };

/** Services other engineers own; each is optional until its module lands, and its handler answers 501 until then. */
export interface ServiceHooks {
  recalculate?: (companyId: number) => Promise<RecalculationResult>;
  /** Progress of long work (import, recalculation) for the live stream; throttled by the caller's sink. */
  progress?: <E extends ProgressName>(companyId: number, name: E, data: LivePayload<E>, final?: boolean) => void;
  metricsText?: () => Promise<string> | string;
  metricsContentType?: string;
  /** The benchmark panel's runs (bench/panel-runs.ts); its handlers answer 501 without it. */
  bench?: BenchRunsApi;
  health?: () => Promise<{ healthy: boolean; report: Record<string, unknown> }> | { healthy: boolean; report: Record<string, unknown> };
  close?: () => Promise<void>;
  /** Prints a self-contained HTML page to an A4 PDF (the desktop app's printToPDF); absent: headless Chromium. */
  printPdf?: (html: string) => Promise<Buffer>;
}

export interface CallOptions {
  /** Cache-Control: no-cache — recompute and store instead of answering from the cache. */
  noCache?: boolean;
}

export interface HandlerContext {
  store: Store;
  cache: ResponseCache;
  now(): Date;
  hooks: ServiceHooks;
  options: CallOptions;
  dispatch(name: HandlerName, input: unknown, options?: CallOptions): Promise<Outcome>;
}

/** A handler result that chooses its own status (health: 503 when degraded). */
export class WithStatus<T> {
  constructor(
    readonly status: number,
    readonly value: T,
  ) {}
}

/** A handler result that is plain text rather than JSON (Prometheus exposition). */
export class TextBody {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

/** A handler result that is a file download. */
export class FileBody {
  constructor(
    readonly stream: Readable,
    readonly contentType: string,
    readonly filename: string,
  ) {}
}

/** Already-serialised JSON a handler returns as is (batch splices cached bodies into its answer). */
export class RawJson {
  constructor(readonly text: string) {}
}
