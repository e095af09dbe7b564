/**
 * Strict suites: every object in a suite may hold only its known keys. A typo (`expect_stauts`, `budgett`)
 * would otherwise turn a gate off silently; the error names the key and the nearest known one.
 */
import { ValidationError } from '../errors.js';

export const SUITE_KEYS = ['$schema', 'name', 'description', 'defaults', 'scenarios'] as const;
export const SCENARIO_KEYS = [
  'name',
  'description',
  'type',
  'request',
  'model',
  'duration_s',
  'count',
  'warmup',
  'class',
  'budget',
  'slo',
  'timeout_ms',
  'variants',
  'stream',
  'write',
  'cleanup',
  'event_timeout_ms',
  'stages',
  'steps',
  'data',
  'checks',
  'think_ms',
  'tags',
] as const;
export const DEFAULTS_KEYS = [
  ...SCENARIO_KEYS.filter((k) => !['name', 'description', 'stages', 'steps', 'data', 'checks', 'tags'].includes(k)),
  'warmup_requests',
] as const;
export const STEP_KEYS = ['name', 'request', 'extract', 'checks', 'think_ms', 'tags'] as const;
export const DATA_KEYS = ['file', 'rows'] as const;
export const CHECK_KEYS = ['status', 'pointer', 'equals', 'header', 'matches', 'body_matches'] as const;
export const STAGE_KEYS = ['duration_s', 'users', 'rate'] as const;
export const REQUEST_KEYS = ['method', 'path', 'query', 'headers', 'body', 'expect_status'] as const;
export const MODEL_KEYS = ['type', 'users', 'rate'] as const;
export const WARMUP_KEYS = ['requests', 'duration_s'] as const;
export const VARIANT_KEYS = ['label', 'headers'] as const;
export const STREAM_KEYS = ['path', 'event', 'headers'] as const;

/** Edit distance (insertions, deletions, substitutions, adjacent swaps). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((d[i - 1]?.[j] ?? 0) + 1, (d[i]?.[j - 1] ?? 0) + 1, (d[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (d[i - 2]?.[j - 2] ?? 0) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return d[a.length]?.[b.length] ?? 0;
}

/** The known key nearest to `key`, when it is near enough to be a typo. */
export function nearest(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const a = key.toLowerCase();
    const b = k.toLowerCase();
    // A key cut short or with a unit missing (p99 → p99_ms) is as near as a one-letter typo.
    const dist = a.length >= 3 && (b.startsWith(a) || a.startsWith(b)) ? 1 : editDistance(a, b);
    if (dist < bestD) {
      best = k;
      bestD = dist;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

/** Throws for the first key of `obj` not in `known`: "scenarios[0].request.expect_stauts is not a known key; did you mean expect_status?" */
export function checkKeys(obj: Record<string, unknown>, known: readonly string[], field: string): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const path = field === '' ? key : `${field}.${key}`;
    const near = nearest(key, known);
    throw new ValidationError(`${path} is not a known key; ${near ? `did you mean ${near}?` : `known: ${known.join(', ')}`}`, {
      field: path,
    });
  }
}
