import { describe, expect, it } from 'vitest';
import type { LiveAlert } from '../../src-engine/core/live/types.js';
import { applyOutcomes, mergeAlerts } from '../../src-renderer/src/state/dashboard-data.js';
import { parseHeaders, useBench } from '../../src-renderer/src/state/bench.js';
import { lineProblems } from '../../src-renderer/src/format/import-report.js';

describe('dashboard results merge view by view', () => {
  it('replaces views that answered and keeps the old value of one that failed', () => {
    const prev = { stats: { old: true } as never, breakdown: { old: true } as never };
    const r = applyOutcomes(prev, { stats: { ok: true, value: { fresh: 1 } as never }, breakdown: { ok: false, message: 'boom' } });
    expect(r.data.stats).toEqual({ fresh: 1 });
    expect(r.data.breakdown).toEqual({ old: true });
    expect(r.errors).toEqual({ breakdown: 'boom' });
  });
});

describe('alerts', () => {
  const a = (id: string): LiveAlert => ({ id, level: 'warning', metric: 'overdue_invoices', message: id, value: 6, threshold: 5 });
  it('shows one alert per id, newest first', () => {
    expect(mergeAlerts([a('x'), a('y')], [a('y'), a('z')]).map((x) => x.id)).toEqual(['y', 'z', 'x']);
  });
});

describe('benchmark target headers', () => {
  it('parses Name: value lines and names a bad line', () => {
    expect(parseHeaders('Authorization: Bearer x\n\nX-Team: a:b')).toEqual({
      ok: true,
      headers: { Authorization: 'Bearer x', 'X-Team': 'a:b' },
    });
    expect(parseHeaders('nonsense')).toEqual({ ok: false, message: 'Header line 1 should look like "Name: value"' });
  });
});

describe('benchmark live events', () => {
  const point = (run_id: string, scenario: string, elapsed_ms: number) => ({
    kind: 'scenario' as const,
    run_id,
    planned_ms: 700,
    scenario,
    phase: 'measure' as const,
    index: 0,
    total: 1,
    elapsed_ms,
    requests: 10,
    errors: 0,
    p50_ms: 1.5,
    p99_ms: 4,
  });
  it("keeps the latest progress and the chart points of this panel's run only, and counts its end", () => {
    useBench.setState({ runId: 'run-2', running: true, progress: {}, points: {}, ended: 0 });
    const s = useBench.getState();
    s.onLive(point('run-2', 'overview', 250));
    s.onLive(point('run-1', 'overview', 900)); // another window's run
    s.onLive(point('run-2', 'overview', 500));
    const after = useBench.getState();
    expect(after.progress.overview?.elapsed_ms).toBe(500);
    expect(after.points.overview?.map((p) => p.t)).toEqual([250, 500]);
    s.onLive({ kind: 'run', run_id: 'run-1', status: 'finished', history_id: 1 });
    expect(useBench.getState().ended).toBe(0);
    s.onLive({ kind: 'run', run_id: 'run-2', status: 'finished', history_id: 2 });
    expect(useBench.getState().ended).toBe(1);
  });
});

describe('import line errors', () => {
  it("lists the importer's own errors (reason and the refused value) in line order", () => {
    const errors = [
      { line: 5, column: 'amount', reason: 'not a number', value: 'abc' },
      { line: 3, column: 'date', reason: 'not a calendar date YYYY-MM-DD', value: '' },
    ];
    expect(lineProblems(errors)).toEqual([
      { line: 3, column: 'date', problem: 'not a calendar date YYYY-MM-DD' },
      { line: 5, column: 'amount', problem: 'not a number (got "abc")' },
    ]);
  });
});
