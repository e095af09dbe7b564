/** Shapes the panel and the import form need that the engine has not typed yet (adapt as they land). */
import type { BenchResult } from '../../../src-engine/core/bench/types.js';

export type ImportReport =
  | { ok: true; body: unknown }
  | { ok: false; body: unknown; message: string; details: Record<string, unknown> };

/** One import line error as the importer reports it (row number in the file, the column, what was wrong). */
export interface LineError {
  line: number;
  column?: string;
  message: string;
}

export interface BenchStartInput {
  suite: string;
  /** 'embedded' runs against this service; otherwise a base URL (remote targets must be confirmed by the user). */
  target: { kind: 'embedded' } | { kind: 'url'; base_url: string; headers: Record<string, string>; allow_remote: boolean };
  users?: number;
  rate?: number;
  duration_ms?: number;
  quick?: boolean;
}

/** A stored run as the history lists it (src-engine/bench/history.ts RunSummary). */
export interface BenchRunSummary {
  id: number;
  started_at: string;
  suite: string;
  target_label: string;
  verdict: BenchResult['verdict'] | string;
  quick: boolean;
}
