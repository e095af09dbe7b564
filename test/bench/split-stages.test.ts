/**
 * Staged and scripted jobs shared out over several generators (issue 15.4), pure parts: each closed stage's users
 * are shared so the parts add up exactly at every stage end, open stages' rates are divided with the arrival
 * count still that of one generator, a staged scenario is calibrated at its peak, and a script's data rows are
 * interleaved so that no row is fed twice.
 */
import { describe, expect, it } from 'vitest';
import { mergeScriptOutcomes, splitJob } from '../../src-engine/bench/split.js';
import type { ScriptJob, ScriptOutcome } from '../../src-engine/bench/thread/jobs.js';
import { RateSchedule, usersAt } from '../../src-engine/bench/thread/ramp.js';
import { encodeHistogram, createHistogram, recordMs } from '../../src-engine/core/bench/histogram.js';
import { arrivalsDue, needsCalibration, peakModel, splitModel } from '../../src-engine/core/bench/threads.js';
import { emptyRawRun, type LoadModel, type RawRun, type Stage } from '../../src-engine/core/bench/types.js';

/** Arrivals one schedule really makes before `duration_ms`, counted one by one. */
function countScheduled(stages: readonly Stage[], duration_ms: number): number {
  const s = new RateSchedule(stages);
  let n = 0;
  for (;;) {
    const at = s.intendedAt(n);
    if (at === null || at >= duration_ms) return n;
    n++;
  }
}

describe('closed stages shared out', () => {
  const model: LoadModel = {
    type: 'closed',
    users: 5,
    stages: [
      { duration_ms: 1000, users: 1 },
      { duration_ms: 1000, users: 5 },
      { duration_ms: 500, users: 5 },
      { duration_ms: 500, users: 2 },
    ],
  };

  it('shares every stage so the parts add up to its users; a stage of 1 user runs on the first generator only', () => {
    const parts = splitModel(model, 2)!;
    expect(parts.map((p) => p.stages?.map((s) => s.users))).toEqual([
      [1, 3, 3, 1],
      [0, 2, 2, 1],
    ]);
    // Each part opens as many connections as its own largest stage; durations are kept.
    expect(parts.map((p) => p.users)).toEqual([3, 2]);
    expect(parts.every((p) => p.stages?.map((s) => s.duration_ms).join() === '1000,1000,500,500')).toBe(true);
    for (let k = 0; k < 4; k++) expect(parts.reduce((n, p) => n + (p.stages?.[k]?.users ?? 0), 0)).toBe(model.stages![k]!.users);
  });

  it('runs exactly the stage value at each stage end, and at most one user per generator more mid-ramp', () => {
    for (const n of [2, 3, 5]) {
      const parts = splitModel(model, n)!;
      const stages = model.stages!;
      for (let t = 0; t <= 3200; t += 5) {
        const one = usersAt(stages, t);
        const together = parts.reduce((sum, p) => sum + usersAt(p.stages!, t), 0);
        expect(together).toBeGreaterThanOrEqual(one);
        expect(together).toBeLessThanOrEqual(one + n - 1);
      }
      for (const end of [1000, 2000, 2500, 3000])
        expect(parts.reduce((sum, p) => sum + usersAt(p.stages!, end), 0)).toBe(usersAt(stages, end));
    }
  });

  it('cannot split a peak below the generator count', () => {
    expect(splitModel({ type: 'closed', users: 1, stages: [{ duration_ms: 100, users: 1 }] }, 2)).toBeNull();
  });
});

describe('open stages shared out', () => {
  const stages: Stage[] = [
    { duration_ms: 500, rate: 100 },
    { duration_ms: 500, rate: 100 },
    { duration_ms: 700, rate: 33 },
  ];
  const model: LoadModel = { type: 'open', rate: 100, users: 8, stages };

  it('counts one schedule’s arrivals exactly from the stages', () => {
    expect(arrivalsDue(model, 1700)).toBe(countScheduled(stages, 1700));
    expect(arrivalsDue(model, 1000)).toBe(75);
    expect(countScheduled(stages, 1000)).toBe(75);
    // Cut short (quick mode): only the part of the ramp before the end.
    expect(arrivalsDue(model, 250)).toBe(countScheduled(stages, 250));
    expect(arrivalsDue({ type: 'open', rate: 250, users: 8 }, 1000)).toBe(250);
    expect(arrivalsDue({ type: 'closed', users: 3 }, 1000)).toBeNull();
  });

  it('divides each stage’s rate and caps each part at its share of the single schedule, so the counts add up', () => {
    for (const n of [2, 3, 4]) {
      const parts = splitJob(
        {
          kind: 'load',
          scenario: 'x',
          base_url: 'http://127.0.0.1:1',
          request: { method: 'GET', path: '/', headers: {}, body: null, expect_status: [200] },
          model,
          bounds: { duration_ms: 1700, max_requests: 1_000_000 },
          warmup: { duration_ms: 0, max_requests: 0 },
          timeout_ms: 1000,
          progress_ms: 250,
        },
        n,
      );
      expect(parts).toHaveLength(n);
      expect(parts[0]!.model.stages?.map((s) => s.rate)).toEqual(stages.map((s) => (s.rate ?? 0) / n));
      const total = countScheduled(stages, 1700);
      expect(parts.reduce((sum, p) => sum + p.bounds.max_requests, 0)).toBe(total);
      // Every part's own schedule has at least its share: the cap, not the schedule, sets its count.
      for (const p of parts) expect(countScheduled(p.model.stages!, 1700)).toBeGreaterThanOrEqual(p.bounds.max_requests);
    }
  });
});

describe('calibrating at the peak', () => {
  it('calibrates a staged scenario as a flat run at its largest users or rate', () => {
    const ramp: LoadModel = {
      type: 'open',
      rate: 5000,
      users: 64,
      stages: [
        { duration_ms: 1000, rate: 10 },
        { duration_ms: 1000, rate: 5000 },
        { duration_ms: 1000, rate: 100 },
      ],
    };
    expect(peakModel(ramp)).toEqual({ type: 'open', rate: 5000, users: 64 });
    expect(needsCalibration(ramp)).toBe(true);
    const closed: LoadModel = {
      type: 'closed',
      users: 80,
      stages: [
        { duration_ms: 1000, users: 1 },
        { duration_ms: 1000, users: 80 },
      ],
    };
    expect(peakModel(closed)).toEqual({ type: 'closed', users: 80 });
    expect(needsCalibration(closed)).toBe(true);
    expect(needsCalibration({ ...closed, users: 10, stages: [{ duration_ms: 1000, users: 10 }] })).toBe(false);
  });

  it('uses lower bars for a scripted scenario (its rate counts iterations of several requests)', () => {
    expect(needsCalibration({ type: 'closed', users: 30 })).toBe(false);
    expect(needsCalibration({ type: 'closed', users: 30 }, { scriptSteps: 2 })).toBe(true);
    expect(needsCalibration({ type: 'open', rate: 400, users: 16 }, { scriptSteps: 1 })).toBe(false);
    expect(needsCalibration({ type: 'open', rate: 400, users: 16 }, { scriptSteps: 2 })).toBe(true);
    expect(needsCalibration({ type: 'open', rate: 400, users: 16 })).toBe(false);
  });
});

describe('scripted jobs shared out', () => {
  const job: ScriptJob = {
    kind: 'script',
    scenario: 's',
    base_url: 'http://127.0.0.1:1',
    headers: {},
    base_path: '',
    steps: [{ name: 'a', request: { method: 'GET', path: '/' } }],
    rows: [{ u: '0' }, { u: '1' }, { u: '2' }],
    model: { type: 'open', rate: 300, users: 5 },
    bounds: { duration_ms: 1000, max_requests: 1001 },
    warmup: { duration_ms: 100, max_requests: 4 },
    timeout_ms: 1000,
    progress_ms: 250,
    row_offset: 7,
  };

  it('interleaves the rows after the offset, and shares requests, warm-up and arrivals', () => {
    const parts = splitJob(job, 2);
    expect(parts.map((p) => [p.row_offset, p.row_stride])).toEqual([
      [7, 2],
      [8, 2],
    ]);
    expect(parts.map((p) => p.model)).toEqual([
      { type: 'open', rate: 150, users: 3 },
      { type: 'open', rate: 150, users: 2 },
    ]);
    expect(parts.map((p) => p.bounds.max_requests)).toEqual([501, 500]);
    expect(parts.map((p) => p.warmup.max_requests)).toEqual([2, 2]);
    expect(parts.map((p) => p.max_arrivals)).toEqual([150, 150]);
    // Split again (a part of a part), the interleave still covers every row once.
    expect(splitJob(parts[1]!, 2).map((p) => [p.row_offset, p.row_stride])).toEqual([
      [8, 4],
      [10, 4],
    ]);
  });

  it('merges the parts: runs tag by tag, checks, iterations and rows summed', () => {
    const run = (ms: number[]): RawRun => {
      const h = createHistogram();
      for (const x of ms) recordMs(h, x);
      return { ...emptyRawRun(), requests: ms.length, window_ms: 1000, histogram: encodeHistogram(h) };
    };
    const out = (ms: number[], tag: string, checks: number): ScriptOutcome => ({
      kind: 'script',
      warmup: null,
      measured: run(ms),
      iterations: { scheduled: ms.length, started: ms.length, completed: ms.length - 1, dropped: 1 },
      check_failures: checks,
      by_tag: { 'step:a': run(ms), [tag]: run(ms) },
      rows_taken: ms.length,
    });
    const m = mergeScriptOutcomes([out([1, 2, 3], 'x', 1), out([4, 5], 'y', 2)]);
    expect(m.measured.requests).toBe(5);
    expect(m.iterations).toEqual({ scheduled: 5, started: 5, completed: 3, dropped: 2 });
    expect(m.check_failures).toBe(3);
    expect(m.rows_taken).toBe(5);
    expect(Object.fromEntries(Object.entries(m.by_tag).map(([k, r]) => [k, r.requests]))).toEqual({ 'step:a': 5, x: 3, y: 2 });
    expect(m.warmup).toBeNull();
  });
});
