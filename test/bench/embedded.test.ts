import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src-engine/data/demo.js';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { BenchHistory } from '../../src-engine/bench/history.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';

const KIRA = join(import.meta.dirname, '..', '..', 'bin', 'kira.js');
const tmp = tempDir('kira-bench-db-');
afterAll(() => tmp.cleanup());

describe('kira bench --db (the embedded engine) in quick mode', () => {
  it('runs the default suite against a small demo database, gates on the CI budget and stores the run there', async () => {
    const db = tmp.path('demo.db');
    const store = Store.open(db);
    generateDemo(store, { companies: 1, expenses: 1000, invoices: 100, months: 6 });
    store.close();
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [
        KIRA,
        'bench',
        '--db',
        db,
        '--quick',
        '--budget',
        join(import.meta.dirname, '..', '..', 'bench', 'budgets', 'ci.json'),
        '--json',
        tmp.path('r.json'),
      ]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const r = JSON.parse(readFileSync(tmp.path('r.json'), 'utf8')) as BenchResult;
    const names = r.scenarios.map((s) => s.name);
    expect(names).toEqual([
      'dashboard_health',
      'dashboard_stats',
      'dashboard_overview',
      'dashboard_breakdown',
      'realtime_aggregate',
      'concurrent_overview',
      'concurrent_overview_50',
      'trigger_recalculation',
      'dashboard_refresh',
      'cache_miss_vs_hit',
      'write_to_live',
    ]);
    for (const s of r.scenarios.filter((x) => x.type === 'endpoint')) {
      expect(s.status, s.name).toBe('ok');
      expect(s.success_rate, s.name).toBe(100);
      expect(s.grade, s.name).not.toBeNull();
    }
    expect(r.scenarios.find((s) => s.name === 'trigger_recalculation')?.requests).toBe(5);
    const pair = r.scenarios.find((s) => s.name === 'cache_miss_vs_hit')?.paired;
    expect(pair?.a.label).toBe('miss');
    expect(pair?.b.requests).toBeGreaterThan(0);
    // write_to_live runs once the live stream exists; until then it is skipped with the reason.
    const live = r.scenarios.find((s) => s.name === 'write_to_live');
    expect(['ok', 'skipped']).toContain(live?.status);
    if (live?.status === 'skipped') expect(live.skip_reason).toContain('404');
    expect(r.environment.dataset).toMatchObject({ companies: 1, expenses: 1000, invoices: 100 });
    // Budgets, the success gate and SLOs decide the exit code together.
    expect(out.code, out.stdout + out.stderr).toBe(r.pass === true && r.budgets.every((b) => b.pass) ? 0 : 1);
    const history = BenchHistory.open(db);
    try {
      expect(history.list().map((x) => x.suite)).toEqual(['default']);
      expect(history.series('dashboard_overview')).toHaveLength(1);
    } finally {
      history.close();
    }
  });
});
