/**
 * Merging partial rollup rows from several partitions: rows with the same key are added column by column
 * (every non-key rollup column is a sum or a count; see partition-plan.ts).
 */
import { ROLLUPS } from '../store/rollups.js';
import type { PartitionResult } from './task-types.js';

export function mergePartitions(results: readonly PartitionResult[]): Map<string, unknown[][]> {
  const merged = new Map<string, unknown[][]>();
  for (const def of ROLLUPS) {
    const keyLen = def.keyColumns.length;
    const byKey = new Map<string, unknown[]>();
    for (const result of results) {
      for (const row of result[def.table] ?? []) {
        const key = JSON.stringify(row.slice(0, keyLen));
        const seen = byKey.get(key);
        if (!seen) {
          byKey.set(key, [...row]);
          continue;
        }
        for (let i = keyLen; i < row.length; i++) seen[i] = addCounts(seen[i], row[i]);
      }
    }
    merged.set(def.table, [...byKey.values()]);
  }
  return merged;
}

function addCounts(a: unknown, b: unknown): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'bigint' || typeof b === 'bigint') return BigInt(a as number) + BigInt(b as number);
  throw new Error(`Cannot add rollup values ${String(a)} and ${String(b)}`);
}
