/**
 * Sustained load (bench/soak.ts, compiled): the service on a large database under mixed reads, writes and live
 * SSE subscribers, load generator in a separate process. Short run under `npm test` (no errors); the full run
 * (KIRA_RELIABILITY=full: 1M expenses, 100 connections, 60 s) also holds RSS growth after warm-up under 10 %.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FULL, SIZES } from './sizes.js';
import { tempDir } from '../helpers/tmp.js';

const SOAK = join(import.meta.dirname, '../../dist/bench/soak.js');

describe('soak', () => {
  it(`${SIZES.soakSeconds} s, ${SIZES.soakConnections} connections, ${SIZES.soakExpenses.toLocaleString('en')} expenses: no errors${FULL ? ', RSS growth < 10 %' : ''}`, () => {
    expect(existsSync(SOAK), 'run npx tsc -p tsconfig.build.json first').toBe(true);
    const tmp = tempDir('kira-soak-');
    try {
      // The full size is generated once into /tmp and reused; the short one is generated fresh.
      const db = FULL ? [] : ['--db', tmp.path('soak.db')];
      const run = spawnSync(
        process.execPath,
        [
          SOAK,
          '--expenses',
          String(SIZES.soakExpenses),
          '--seconds',
          String(SIZES.soakSeconds),
          '--connections',
          String(SIZES.soakConnections),
          '--json',
          ...db,
        ],
        {
          encoding: 'utf8',
          timeout: 900_000,
        },
      );
      // A soak that dies says why (its exit and stderr), not "Unexpected end of JSON input".
      expect(run.status, `bench/soak exited ${run.status ?? run.signal}:\n${run.stderr}`).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
        requests: number;
        errors: number;
        error_samples: string[];
        events_received: number;
        p50_ms: number;
        p99_ms: number;
        rss_growth_pct: number;
        rss_warm_mib: number;
        rss_end_mib: number;
        writes: number;
      };
      console.log(
        `[soak] ${SIZES.soakSeconds} s, ${SIZES.soakConnections} connections: ${result.requests} requests (${result.writes} writes), ${result.errors} errors, ` +
          `${result.events_received} live events, p50 ${result.p50_ms?.toFixed(2)} ms, p99 ${result.p99_ms?.toFixed(2)} ms, RSS ${result.rss_warm_mib} → ${result.rss_end_mib} MiB (${result.rss_growth_pct} %)`,
      );
      expect(result.error_samples).toEqual([]);
      expect(result.errors).toBe(0);
      expect(result.requests).toBeGreaterThan(SIZES.soakSeconds * 10);
      expect(result.events_received).toBeGreaterThan(0);
      if (FULL) expect(result.rss_growth_pct).toBeLessThan(10);
    } finally {
      tmp.cleanup();
    }
  }, 1_200_000);
});
