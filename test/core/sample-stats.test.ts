/** The bench scripts' statistics (core/bench/stats.ts) and their flags (bench/lib/flags.ts, node:util parseArgs). */
import { describe, expect, it } from 'vitest';
import { Flags } from '../../bench/lib/flags.js';
import { mean, median, percentile, sampleLatency } from '../../src-engine/core/bench/stats.js';

describe('plain-value statistics', () => {
  it('takes the nearest-rank percentile, whatever the order of the values', () => {
    const xs = [9, 1, 7, 3, 5, 2, 8, 4, 10, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 90)).toBe(9);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile(xs, 0)).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(xs).toEqual([9, 1, 7, 3, 5, 2, 8, 4, 10, 6]); // not sorted in place
  });

  it('averages', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });

  it('reads latency samples through the same histogram as a generator run (µs resolution)', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => (i + 1) / 10); // 0.1 … 100 ms
    const l = sampleLatency(samples);
    expect(l.p50).toBeCloseTo(50, 1);
    expect(l.p99).toBeCloseTo(99, 1);
    expect(l.max).toBeCloseTo(100, 1);
    expect(l.mean).toBeCloseTo(50.05, 1);
    expect(sampleLatency([]).p99).toBe(0);
  });
});

describe('bench flags', () => {
  it('reads the flags a script names, numbers with _ and exponents', () => {
    const f = new Flags(['runs', 'expenses', 'db'], ['--runs', '3', '--expenses', '1_000_000', '--db', '/tmp/x.db']);
    expect(f.number('runs', 5)).toBe(3);
    expect(f.number('expenses', 1)).toBe(1_000_000);
    expect(f.string('db')).toBe('/tmp/x.db');
    expect(new Flags(['runs'], ['--runs', '1e3']).number('runs', 0)).toBe(1000);
    expect(new Flags(['runs'], []).number('runs', 7)).toBe(7);
  });

  it('refuses an unknown flag, a flag without its value, a stray argument and a bad number', () => {
    expect(() => new Flags(['runs'], ['--rnus', '3'])).toThrow(/rnus/);
    expect(() => new Flags(['runs'], ['--runs'])).toThrow(/runs/);
    expect(() => new Flags(['runs'], ['3'])).toThrow();
    expect(() => new Flags(['runs'], ['--runs', 'many']).number('runs', 1)).toThrow('--runs must be a non-negative number, got many');
  });
});
