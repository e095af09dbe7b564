/** Benchmark panel state: the form, the run in progress (per-scenario progress, live latency points), results and history. */
import { create } from 'zustand';
import type { BenchResult, ProgressEvent } from '../../../src-engine/core/bench/types.js';
import type { BenchLiveEvent, BenchRunSummary, BenchRunView, BenchStartBody } from '../../../src-engine/core/bench/panel.js';
import type { KiraClient } from '../client/client.js';
import { errorMessage } from '../../../src-engine/core/errors.js';

export interface LivePoint {
  t: number;
  p50: number | null;
  p99: number | null;
}

export interface BenchForm {
  /** A suite file, one endpoint of any API, or a suite written or uploaded in the panel. */
  mode: 'suite' | 'endpoint' | 'custom';
  suite: string;
  /** Short runs (≤ 0.7 s per scenario). */
  quick: boolean;
  /** Scenarios to run; empty = the whole suite. */
  scenarios: string[];
  targetKind: 'embedded' | 'url';
  url: string;
  headers: string;
  allowRemote: boolean;
  users: number;
  rate: number;
  durationS: number;
  /** Single-endpoint mode: method and body (the full URL is `url`). */
  method: string;
  body: string;
  /** Custom mode: the suite's JSON text. */
  customSuite: string;
}

/** A scenario's latest progress, with its planned duration (null when a request count bounds it). */
export type ScenarioProgress = ProgressEvent & { planned_ms?: number | null };

interface BenchState {
  form: BenchForm;
  runId: string | null;
  running: boolean;
  /** Bumped by the run's end event: the panel fetches the run's status at once. */
  ended: number;
  progress: Record<string, ScenarioProgress>;
  points: Record<string, LivePoint[]>;
  result: BenchResult | null;
  error: string | null;
  history: BenchRunSummary[];
  setForm(p: Partial<BenchForm>): void;
  onLive(e: BenchLiveEvent): void;
  start(client: KiraClient, input: BenchStartBody): Promise<void>;
  /** Apply a run's status (from bench.get): progress while running, the result once it ended. */
  apply(view: BenchRunView): void;
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
  form: {
    mode: 'suite',
    method: 'GET',
    body: '',
    customSuite: '',
    suite: 'default',
    quick: false,
    scenarios: [],
    targetKind: 'embedded',
    url: 'http://127.0.0.1:8000',
    headers: '',
    allowRemote: false,
    users: 1,
    rate: 0,
    durationS: 2,
  },
  runId: null,
  running: false,
  ended: 0,
  progress: {},
  points: {},
  result: null,
  error: null,
  history: [],
  setForm: (p) => set({ form: { ...get().form, ...p } }),
  onLive: (e) => {
    const { runId, progress, points } = get();
    // Events of another run (another window started it) are not this panel's.
    if (runId === null || e.run_id !== runId) return;
    if (e.kind === 'run') return set({ ended: get().ended + 1 });
    const p: ScenarioProgress = {
      scenario: e.scenario,
      phase: e.phase,
      index: e.index,
      total: e.total,
      elapsed_ms: e.elapsed_ms,
      requests: e.requests,
      errors: e.errors,
      p50_ms: e.p50_ms,
      p99_ms: e.p99_ms,
      planned_ms: e.planned_ms,
    };
    const prev = points[p.scenario] ?? [];
    const next =
      p.p50_ms === null && p.p99_ms === null ? prev : [...prev, { t: p.elapsed_ms, p50: p.p50_ms, p99: p.p99_ms }].slice(-MAX_POINTS);
    set({ progress: { ...progress, [p.scenario]: p }, points: { ...points, [p.scenario]: next } });
  },
  async start(client, input) {
    set({ running: true, result: null, error: null, progress: {}, points: {}, runId: null });
    try {
      const { id } = await client.benchStart(input);
      set({ runId: id });
    } catch (e) {
      set({ running: false, error: errorMessage(e) });
    }
  },
  async cancel(client) {
    const id = get().runId;
    if (id) await client.benchCancel(id).catch((e: unknown) => set({ error: errorMessage(e) }));
  },
  async loadHistory(client) {
    try {
      const list = await client.benchList();
      // A panel opened (or reloaded) mid-run re-attaches to the run in progress.
      const attach = list.active && get().runId === null && !get().running ? { runId: list.active.id, running: true } : {};
      set({ history: list.items, ...attach });
    } catch (e) {
      set({ error: `History unavailable: ${errorMessage(e)}` });
    }
  },
  apply(view) {
    if (view.id !== get().runId) return;
    if (view.status === 'running') {
      // Progress missed while the live stream reconnected: take the service's latest per scenario.
      const progress = { ...get().progress };
      for (const p of view.progress)
        if (!progress[p.scenario] || progress[p.scenario]!.elapsed_ms <= p.elapsed_ms || p.phase === 'done')
          progress[p.scenario] = { ...progress[p.scenario], ...p };
      return set({ progress });
    }
    if (view.status === 'failed')
      return set({ running: false, result: null, error: `The run failed: ${view.error ?? 'see the service log'}` });
    set({ running: false, result: view.result, error: null });
  },
  finish: (result, error) => set({ running: false, result, error: error ?? null }),
}));
