/** An import's rejected lines as the Data page lists them, from the engine's one shape (`errors` of the result). */
import type { RowError } from '../../../src-engine/core/csv-rows.js';

/** One row of the line-errors table: line, column, what is wrong. */
export interface LineProblem {
  line: number;
  column: string;
  problem: string;
}

/** In line order, each with the value that was refused when there was one. Pure. */
export function lineProblems(errors: readonly RowError[]): LineProblem[] {
  return [...errors]
    .sort((a, b) => a.line - b.line)
    .map((e) => ({ line: e.line, column: e.column, problem: e.value !== '' ? `${e.reason} (got "${e.value}")` : e.reason }));
}
