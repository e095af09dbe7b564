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
import { guardCell, type CsvColumnKind } from './csv-guard.js';

export { guardFormula, unguardFormula, type CsvColumnKind } from './csv-guard.js';

export type CsvValue = string | number | boolean | null | undefined;

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
    row: (values) => stringify([values], options),
    rows: (records) => (records.length === 0 ? '' : stringify(records as CsvValue[][], options)),
  };
}
