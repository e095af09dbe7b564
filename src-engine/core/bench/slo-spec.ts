/**
 * A scenario's `slo` as a suite writes it: the keys and their ranges. Apart from the check (slo.ts) because the
 * check reads histograms: the panel validates suites with this module and must not bundle the histogram library.
 */
import { ValidationError } from '../errors.js';
import { checkKeys } from './known-keys.js';
import type { Slo } from './types.js';

export const SLO_KEYS = ['p95_ms', 'p99_ms', 'error_rate_pct', 'apdex_t_ms', 'min_apdex'] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseSlo(v: unknown, field: string): Slo {
  if (!isObj(v)) throw new ValidationError(`${field} must be an object`, { field });
  const out: Slo = {};
  for (const [k, val] of Object.entries(v)) {
    checkKeys({ [k]: val }, SLO_KEYS, field);
    const max = k === 'min_apdex' ? 1 : k === 'error_rate_pct' ? 100 : 600_000;
    if (typeof val !== 'number' || !Number.isFinite(val) || val < 0 || val > max)
      throw new ValidationError(`${field}.${k} must be a number from 0 to ${max}`, { field: `${field}.${k}` });
    out[k as (typeof SLO_KEYS)[number]] = val;
  }
  return out;
}
