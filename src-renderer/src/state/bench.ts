/** Benchmark panel state: the form, the run in progress (per-scenario progress, live latency points), results and history. */
import { create } from 'zustand';
import type { BenchResult, ProgressEvent } from '../../../src-engine/core/bench/types.js';
import type { BenchRunSummary, BenchStartInput } from '../client/extra-types.js';
import type { KiraClient } from '../client/client.js';

export interface LivePoint {
  t: number;
  p50: number | null;
  p99: number | null;
}

export interface BenchForm {
  suite: string;
  targetKind: 'embedded' | 'url';
  url: string;
  headers: string;
  allowRemote: boolean;
  users: number;
  rate: number;
  durationS: number;
}

interface BenchState {
  form: BenchForm;
  runId: number | string | null;
  running: boolean;
  progress: Record<string, ProgressEvent>;
  points: Record<string, LivePoint[]>;
  result: BenchResult | null;
  error: string | null;
  history: BenchRunSummary[];
  setForm(p: Partial<BenchForm>): void;
  onProgress(e: ProgressEvent & { run_id?: number | string }): void;
  start(client: KiraClient, input: BenchStartInput): Promise<void>;
  cancel(client: KiraClient): Promise<void>;
  loadHistory(client: KiraClient): Promise<void>;
  finish(result: BenchResult | null, error?: string): void;
}

/** Parse "Name: value" lines into headers; a malformed line is an error the form shows. */
export function parseHeaders(text: string): { ok: true; headers: Record<string, string> } | { ok: false; message: string } {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) return { ok: false, message: `Header line ${i + 1} should look like "Name: value"` };
    headers[m[1]!] = m[2]!;
  }
  return { ok: true, headers };
}

const MAX_POINTS = 600;

export const useBench = create<BenchState>()((set, get) => ({
  form: { suite: 'default', targetKind: 'embedded', url: 'http://127.0.0.1:8000', headers: '', allowRemote: false, users: 1, rate: 0, durationS: 2 },
  runId: null,
  running: false,
  progress: {},
  points: {},
  result: null,
  error: null,
  history: [],
  setForm: (p) => set({ form: { ...get().form, ...p } }),
  onProgress: (e) => {
    const { runId, progress, points } = get();
    if (e.run_id && runId && String(e.run_id) !== String(runId)) return;
    const prev = points[e.scenario] ?? [];
    const next = e.p50_ms === null && e.p99_ms === null ? prev : [...prev, { t: e.elapsed_ms, p50: e.p50_ms, p99: e.p99_ms }].slice(-MAX_POINTS);
    set({ progress: { ...progress, [e.scenario]: e }, points: { ...points, [e.scenario]: next } });
  },
  async start(client, input) {
    set({ running: true, result: null, error: null, progress: {}, points: {}, runId: null });
    try {
      const { id } = await client.benchStart(input);
      set({ runId: id });
    } catch (e) {
      set({ running: false, error: e instanceof Error ? e.message : String(e) });
    }
  },
  async cancel(client) {
    const id = get().runId;
    if (id) await client.benchCancel(id).catch((e: unknown) => set({ error: e instanceof Error ? e.message : String(e) }));
  },
  async loadHistory(client) {
    try {
      set({ history: (await client.benchList()).items });
    } catch (e) {
      set({ error: `History unavailable: ${e instanceof Error ? e.message : String(e)}` });
    }
  },
  finish: (result, error) => set({ running: false, result, error: error ?? null }),
}));
