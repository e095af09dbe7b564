/**
 * The one CSV writer for every file Kira writes (`kira export`, the import error report, the dashboard's CSV
 * export, the benchmark's CSV report). csv-stringify does the RFC 4180 quoting; this module adds the
 * spreadsheet formula guard (OWASP "CSV Injection"):
 *
 * - a text cell beginning with = + - @ TAB CR (or their full-width forms, which some spreadsheets normalise)
 *   gets a leading `'` and is quoted, so a spreadsheet shows it as text instead of evaluating it;
 * - so that Kira's own import can undo the guard exactly, a text cell that already begins with apostrophes
 *   followed by one of those characters gets one more `'` (see `unguardFormula`);
 * - number and date columns hold data, not formulas: a cell such as `-1500` or `2026-03-15` there is written
 *   as it is. Anything else in such a column is guarded like text. JS numbers and booleans are never guarded.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | null | undefined;

/** How a column's string cells are guarded. `text` is the default for columns not listed. */
export type CsvColumnKind = 'text' | 'number' | 'date';

export interface CsvWriterOptions {
  /** One kind per column, by position. */
  kinds?: readonly CsvColumnKind[];
  /** Line ending after every record. Default `\n`. */
  eol?: '\n' | '\r\n';
}

export interface CsvWriter {
  /** One record, with its line ending. */
  row(values: readonly CsvValue[]): string;
  /** Several records, each with its line ending ('' for none). */
  rows(records: readonly (readonly CsvValue[])[]): string;
}

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

function guardCell(value: string, kind: CsvColumnKind): string {
  if (kind === 'number' && PLAIN_NUMBER.test(value)) return value;
  if (kind === 'date' && ISO_DATE.test(value)) return value;
  return guardFormula(value);
}

export function csvWriter(opts: CsvWriterOptions = {}): CsvWriter {
  const kinds = opts.kinds ?? [];
  const options = {
    record_delimiter: opts.eol ?? '\n',
    cast: {
      string: (v: string, ctx: { index: number }) => guardCell(v, kinds[ctx.index] ?? 'text'),
      boolean: (v: boolean) => (v ? 'true' : 'false'),
      number: (v: number) => String(v),
    },
    // A guarded cell (it now begins with ') is quoted, as OWASP advises; so is a cell with leading or trailing
    // white space, which a reader that trims would otherwise lose.
    quoted_match: [/^'/, /^\s/, /\s$/],
  };
  return {
    row: (values) => stringify([values as CsvValue[]], options),
    rows: (records) => (records.length === 0 ? '' : stringify(records as CsvValue[][], options)),
  };
}
