/**
 * QIF (Quicken Interchange Format), bank-like sections (`!Type:Bank`, `Cash`, `CCard`, `Oth A`, `Oth L`).
 * Records are lines of one-letter fields ending at `^`. QIF has no transaction id (duplicates are found by
 * fingerprint) and no fixed date order: `D/M/Y` or `M/D/Y` is taken from the mapping's date format, else decided
 * from the file (a day above 12), and refused when both appear (mixed) or nothing decides it (ambiguous).
 */
import type { RowError } from '../../core/csv-rows.js';
import { ValidationError } from '../../core/errors.js';
import { parseAmount, type NumberFormat } from './amounts.js';
import { compileDateFormat, dayMonthOrder, type DateParser } from './dates.js';
import type { ParsedStatement, StatementTxn } from './types.js';

export interface QifOptions {
  digits: number;
  numbers: NumberFormat;
  /** A date format from the mapping or `--date-format`; without one the order must be decidable from the file. */
  dateFormat?: string;
}

interface RawRecord {
  line: number;
  fields: Map<string, string>;
}

const BANK_TYPES = /^!Type:(Bank|Cash|CCard|Oth A|Oth L)\s*$/i;
const NUMERIC_DATE = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*(?:[/.-]|'|’)\s*(\d{4}|\d{2})\s*$/;
const ISO_DATE = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;

export function parseQif(source: string, opts: QifOptions): ParsedStatement {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const records: RawRecord[] = [];
  let inBank = false;
  let sawType = false;
  let current: RawRecord | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === '') return;
    if (line.startsWith('!')) {
      if (/^!Type:/i.test(line)) {
        sawType = true;
        inBank = BANK_TYPES.test(line);
      } else if (/^!(Account|Option|Clear)/i.test(line)) inBank = false; // account lists and options carry no transactions
      current = undefined;
      return;
    }
    if (!inBank) return;
    if (line === '^') {
      if (current) records.push(current);
      current = undefined;
      return;
    }
    current ??= { line: i + 1, fields: new Map() };
    const code = line[0]!;
    // Split lines (S/E/$) repeat; the first of each code is the transaction's own.
    if (!current.fields.has(code)) current.fields.set(code, line.slice(1));
  });
  if (current) records.push(current); // a last record without its closing ^
  if (!sawType) throw new ValidationError('This is not a QIF file: no !Type: line.', {}, 'invalid_file');
  const readDate = dateReader(records, opts.dateFormat);
  const txns: StatementTxn[] = [];
  const errors: RowError[] = [];
  for (const r of records) {
    const dateText = r.fields.get('D') ?? '';
    const amountText = r.fields.get('T') ?? r.fields.get('U') ?? '';
    const date = readDate(dateText);
    const amount = parseAmount(amountText, opts.numbers, opts.digits);
    if (!date.ok) errors.push({ line: r.line, column: 'D', reason: dateText ? date.reason : 'missing date', value: dateText });
    if (!amount.ok) errors.push({ line: r.line, column: 'T', reason: amountText ? amount.reason : 'missing amount', value: amountText });
    if (!date.ok || !amount.ok) continue;
    txns.push({
      line: r.line,
      account: '',
      date: date.value,
      amount: amount.value,
      payee: (r.fields.get('P') ?? '').trim(),
      description: (r.fields.get('M') ?? '').trim(),
      bankId: null,
      ...(r.fields.get('L') ? { category: r.fields.get('L')!.trim() } : {}),
      ...(r.fields.get('N') ? { reference: r.fields.get('N')!.trim() } : {}),
    });
  }
  return { format: 'qif', account: '', currency: null, txns, errors };
}

function dateReader(records: readonly RawRecord[], format: string | undefined): DateParser {
  if (format) {
    const p = compileDateFormat(format);
    // QIF writes two-digit years after an apostrophe (1/15'26): read it as the format's separator.
    return (s) => p(s.replace(/['’]/, format.match(/[^A-Za-z]/)?.[0] ?? '/'));
  }
  const numeric: { line: number; a: number; b: number }[] = [];
  for (const r of records) {
    const m = NUMERIC_DATE.exec(r.fields.get('D') ?? '');
    if (m) numeric.push({ line: r.line, a: Number(m[1]), b: Number(m[2]) });
  }
  const order = dayMonthOrder(numeric.map((n) => [n.a, n.b]));
  if (order === 'mixed') {
    const dm = numeric.find((n) => n.a > 12)!;
    const md = numeric.find((n) => n.b > 12)!;
    throw new ValidationError(
      `The QIF file mixes date formats: line ${dm.line} is day-first and line ${md.line} is month-first. Fix the file; nothing was imported.`,
      { lines: [dm.line, md.line] },
      'mixed_date_formats',
    );
  }
  if (order === 'ambiguous' && numeric.length > 0) {
    throw new ValidationError(
      `The QIF file's dates are ambiguous (every day and month is 12 or less, e.g. line ${numeric[0]!.line}): say which with --date-format DD/MM/YYYY or MM/DD/YYYY (or the mapping's date_format).`,
      { line: numeric[0]!.line },
      'ambiguous_dates',
    );
  }
  const isoDate = compileDateFormat('YYYY-MM-DD');
  const ymd = compileDateFormat('YYYY-M-D');
  return (s) => {
    if (ISO_DATE.test(s)) return isoDate(s);
    const m = NUMERIC_DATE.exec(s);
    if (!m) return { ok: false, reason: `"${s}" is not a QIF date` };
    const [day, month] = order === 'DM' ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
    const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
    return ymd(`${year}-${month}-${day}`);
  };
}
