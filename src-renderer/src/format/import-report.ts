/** Line errors out of an import answer, whatever nesting the importer used; the UI lists them readably. */
import type { LineError } from '../client/extra-types.js';

function asLineError(x: unknown): LineError | null {
  if (!x || typeof x !== 'object') return null;
  const o = x as Record<string, unknown>;
  const line = typeof o.line === 'number' ? o.line : typeof o.row === 'number' ? o.row : null;
  const text = [o.message, o.reason, o.error].find((x): x is string => typeof x === 'string') ?? null;
  const value = typeof o.value === 'string' && o.value !== '' ? ` (got "${o.value}")` : '';
  const message = text === null ? null : text + value;
  if (line === null || message === null) return null;
  return {
    line,
    message,
    ...(typeof o.column === 'string' ? { column: o.column } : typeof o.field === 'string' ? { column: o.field } : {}),
  };
}

/** Looks in body.errors, body.error.details.errors, body.details.errors, body.error.details.lines. */
export function lineErrorsFrom(body: unknown): LineError[] {
  const b = (body ?? {}) as Record<string, unknown>;
  const err = (b.error ?? {}) as Record<string, unknown>;
  const details = (err.details ?? b.details ?? {}) as Record<string, unknown>;
  const candidates = [b.errors, details.errors, details.lines, b.line_errors, details.line_errors];
  for (const c of candidates) {
    if (Array.isArray(c))
      return c
        .map(asLineError)
        .filter((e): e is LineError => e !== null)
        .sort((a, b2) => a.line - b2.line);
  }
  return [];
}

/** "Imported 120 rows" from whichever count the importer reports. */
export function importedCount(body: unknown): number | null {
  const b = (body ?? {}) as Record<string, unknown>;
  for (const k of ['imported', 'inserted', 'rows', 'count']) if (typeof b[k] === 'number') return b[k];
  return null;
}
