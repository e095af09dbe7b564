/**
 * The spreadsheet formula guard (OWASP "CSV Injection") on its own, without the CSV library, so that code
 * that cannot load csv-stringify (the renderer's page) guards cells the same way. Rules: core/csv-writer.ts.
 */

/** How a column's string cells are guarded. `text` is the default for columns not listed. */
export type CsvColumnKind = 'text' | 'number' | 'date';

const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const GUARDED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The text a spreadsheet will not evaluate: `=1+1` → `'=1+1`; other text unchanged. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undo `guardFormula` (Kira's import calls it on text cells): `'=1+1` → `=1+1`, `''-x` → `'-x`; other text unchanged. */
export function unguardFormula(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}

/** A string cell of a column of `kind`, as written. */
export function guardCell(value: string, kind: CsvColumnKind): string {
  if (kind === 'number' && PLAIN_NUMBER.test(value)) return value;
  if (kind === 'date' && ISO_DATE.test(value)) return value;
  return guardFormula(value);
}
