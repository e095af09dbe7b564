/**
 * The CSV formats Kira imports and exports, and the validation of one row. Pure: the streaming parser and the
 * database live in src-engine/data; this module only turns text fields into typed rows or precise reasons.
 */
import { categoryFromText, INVOICE_STATUSES, type ExpenseCategory, type InvoiceStatus } from './categories.js';
import { isIsoDate, type IsoDate } from './dates.js';
import { ValidationError } from './errors.js';
import { MAX_AMOUNT, parseDecimal } from './money.js';
import { unguardFormula } from './csv-guard.js';
import { isOneOf, oneOfProblem, textProblem } from './validate/fields.js';
import { LIMITS as FIELD_LIMITS } from './validate/limits.js';

export type ImportKind = 'expenses' | 'invoices';
export const IMPORT_KINDS: readonly ImportKind[] = ['expenses', 'invoices'];

/** Columns in the order export writes them; import accepts them in any order. */
export const COLUMNS = {
  expenses: ['date', 'category', 'description', 'amount', 'reimbursable', 'client'],
  invoices: ['number', 'client', 'status', 'issue_date', 'due_date', 'paid_date', 'subtotal', 'tax_rate', 'tax', 'total'],
} as const satisfies Record<ImportKind, readonly string[]>;

/** Columns a file must have; the others may be left out (empty). */
export const REQUIRED: Record<ImportKind, readonly string[]> = {
  expenses: ['date', 'category', 'amount'],
  invoices: ['number', 'client', 'status', 'issue_date', 'due_date', 'paid_date', 'subtotal', 'tax', 'total'],
};

/** The write API's own limits (core/validate/limits.ts): a row import accepts is a row the API accepts too. */
const LIMITS = {
  description: FIELD_LIMITS.descriptionLength,
  client: FIELD_LIMITS.nameLength,
  number: FIELD_LIMITS.documentNumberLength,
} as const;

/** One rejected field (or row, when `column` is empty). `line` is the record's first line in the file (header = 1). */
export interface RowError {
  line: number;
  column: string;
  reason: string;
  value: string;
}

export type FieldError = Omit<RowError, 'line'>;

export interface HeaderMap {
  /** Column name → field index. */
  index: Map<string, number>;
  /** Header cells as written, for error messages. */
  names: string[];
}

/** Map a header row (any order, trimmed, case-insensitive); unknown columns are ignored. */
export function mapHeader(kind: ImportKind, header: readonly string[]): HeaderMap {
  const index = new Map<string, number>();
  const known = new Set<string>(COLUMNS[kind]);
  header.forEach((cell, i) => {
    const name = cell.trim().toLowerCase();
    if (!known.has(name)) return;
    if (index.has(name)) throw new ValidationError(`line 1: column "${name}" appears twice`, { line: 1, column: name }, 'invalid_csv');
    index.set(name, i);
  });
  const missing = REQUIRED[kind].filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw new ValidationError(
      `line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a ${kind} file needs ${REQUIRED[kind].join(', ')})`,
      { line: 1, missing },
      'invalid_csv',
    );
  }
  return { index, names: header.map((h) => h.trim()) };
}

/** true/false/yes/no/1/0, empty = false. */
export function parseBoolean(text: string): boolean | undefined {
  switch (text.trim().toLowerCase()) {
    case '':
    case 'false':
    case 'no':
    case '0':
      return false;
    case 'true':
    case 'yes':
    case '1':
      return true;
    default:
      return undefined;
  }
}

export interface ExpenseRow {
  date: IsoDate;
  category: ExpenseCategory;
  description: string;
  amount: number;
  reimbursable: boolean;
  /** Client name as written (trimmed), or null. */
  client: string | null;
}

export interface InvoiceRow {
  number: string;
  client: string;
  status: InvoiceStatus;
  issue_date: IsoDate;
  due_date: IsoDate;
  paid_date: IsoDate | null;
  subtotal: number;
  tax_rate_bp: number;
  tax: number;
  total: number;
}

/** Reads one record's fields by column name, collecting field errors as it goes. */
class Fields {
  readonly errors: FieldError[] = [];
  constructor(
    private readonly header: HeaderMap,
    private readonly record: readonly string[],
  ) {}

  text(column: string): string {
    const i = this.header.index.get(column);
    return i === undefined ? '' : (this.record[i] ?? '').trim();
  }

  fail(column: string, reason: string, value = this.text(column)): undefined {
    this.errors.push({ column: this.header.names[this.header.index.get(column) ?? -1] ?? column, reason, value: clip(value) });
    return undefined;
  }

  date(column: string, optional = false): IsoDate | null | undefined {
    const v = this.text(column);
    if (v === '') return optional ? null : this.fail(column, 'a date is required');
    return isDate(v) ? v : this.fail(column, 'not a calendar date YYYY-MM-DD');
  }

  money(column: string, digits: number, optional = false): number | undefined {
    const v = this.text(column);
    if (v === '') return optional ? 0 : this.fail(column, 'an amount is required');
    let n = plainDecimal(v, digits);
    if (n < 0) {
      try {
        n = parseDecimal(v, digits);
      } catch (e) {
        return this.fail(column, e instanceof ValidationError ? e.message.replace(/^"[^"]*" /, '') : 'not a decimal amount');
      }
    }
    if (n < 0) return this.fail(column, 'must not be negative');
    if (n > MAX_AMOUNT) return this.fail(column, 'is larger than the largest amount Kira accepts');
    return n;
  }

  /**
   * Free text: the formula guard Kira's CSV writer adds is taken off (`'=x` → `=x`, see core/csv-writer.ts),
   * then the same length and character rules as the write API apply (`multiline` for descriptions).
   */
  bounded(column: string, max: number, opts: { multiline?: boolean } = {}): string | undefined {
    const v = unguardFormula(this.text(column));
    if (v.length > max) return this.fail(column, `longer than ${max} characters`);
    const problem = textProblem(v, opts);
    return problem ? this.fail(column, problem) : v;
  }
}

/**
 * parseDecimal's result for plain `123` or `123.45` text (nearly every amount in a file) without its regex and
 * BigInt work, or -1 to take parseDecimal's full path (signs, grouping, spaces, errors). Up to 12 whole digits,
 * so the result stays an exact integer for up to 3 minor digits.
 */
function plainDecimal(v: string, digits: number): number {
  const n = v.length;
  let whole = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  if (i === 0 || i > 12) return -1;
  let frac = 0;
  let fracDigits = 0;
  if (i < n) {
    if (v.charCodeAt(i) !== 46) return -1;
    for (i++; i < n; i++) {
      const c = v.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      frac = frac * 10 + c;
      fracDigits++;
    }
    if (fracDigits === 0 || fracDigits > digits) return -1;
  }
  return whole * 10 ** digits + frac * 10 ** (digits - fracDigits);
}

/**
 * Memo of recent answers for short texts: a file repeats a few hundred dates and a dozen categories a million
 * times, and the checks behind them (a regex and a Date, a scan of the labels) cost more than a lookup. Bounded.
 */
function memo<T>(check: (text: string) => T, maxKey: number): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    if (text.length > maxKey) return check(text);
    let v = seen.get(text);
    if (v === undefined && !seen.has(text)) {
      v = check(text);
      if (seen.size >= 4096) seen.clear();
      seen.set(text, v);
    }
    return v as T;
  };
}
const isDate = memo(isIsoDate, 10);
const categoryOf = memo(categoryFromText, 64);

/** Long values are cut in reports so one bad megabyte field cannot flood them. */
function clip(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}…` : value;
}

export function validateExpenseRow(
  header: HeaderMap,
  record: readonly string[],
  digits: number,
): { row?: ExpenseRow; errors: FieldError[] } {
  const f = new Fields(header, record);
  const date = f.date('date');
  const categoryText = f.text('category');
  const category = categoryText === '' ? f.fail('category', 'a category is required') : categoryOf(categoryText);
  if (categoryText !== '' && category === undefined)
    f.fail('category', 'unknown category (use a code such as travel or a label such as Travel & Transportation)');
  const description = f.bounded('description', LIMITS.description, { multiline: true });
  const amount = f.money('amount', digits);
  const reimbursable = parseBoolean(f.text('reimbursable'));
  if (reimbursable === undefined) f.fail('reimbursable', 'expected true/false, yes/no, 1/0 or empty');
  const client = f.bounded('client', LIMITS.client);
  if (
    f.errors.length > 0 ||
    !date ||
    !category ||
    description === undefined ||
    amount === undefined ||
    reimbursable === undefined ||
    client === undefined
  ) {
    return { errors: f.errors };
  }
  return { row: { date, category, description, amount, reimbursable, client: client === '' ? null : client }, errors: [] };
}

export function validateInvoiceRow(
  header: HeaderMap,
  record: readonly string[],
  digits: number,
): { row?: InvoiceRow; errors: FieldError[] } {
  const f = new Fields(header, record);
  const number = f.bounded('number', LIMITS.number);
  if (number === '') f.fail('number', 'an invoice number is required');
  const client = f.bounded('client', LIMITS.client);
  if (client === '') f.fail('client', 'a client is required');
  const statusText = f.text('status').toLowerCase();
  const status: InvoiceStatus | undefined = isOneOf(statusText, INVOICE_STATUSES) ? statusText : undefined;
  if (!status) f.fail('status', `status ${oneOfProblem(INVOICE_STATUSES)}`);
  const issue = f.date('issue_date');
  const due = f.date('due_date');
  const paid = f.date('paid_date', true);
  if (issue && due && due < issue) f.fail('due_date', 'due date is before the issue date');
  if (status && paid !== undefined) {
    if (status === 'paid' && paid === null) f.fail('paid_date', 'a paid invoice needs a paid date');
    if (status !== 'paid' && paid) f.fail('paid_date', `a ${status} invoice cannot have a paid date`);
  }
  if (issue && paid && paid < issue) f.fail('paid_date', 'paid date is before the issue date');
  const subtotal = f.money('subtotal', digits);
  const tax = f.money('tax', digits);
  const total = f.money('total', digits);
  if (subtotal !== undefined && tax !== undefined && total !== undefined && subtotal + tax !== total) {
    f.fail('total', 'total is not subtotal + tax');
  }
  // Percent with up to two decimals ("6", "6.00", "8.25"); absent = derived from tax / subtotal.
  let rate: number | undefined;
  if (f.text('tax_rate') === '') {
    rate = subtotal && tax !== undefined ? Math.min(10_000, Math.round((tax * 10_000) / subtotal)) : 0;
  } else {
    rate = f.money('tax_rate', 2);
    if (rate !== undefined && rate > 10_000) rate = f.fail('tax_rate', 'tax rate above 100%');
  }
  if (
    f.errors.length > 0 ||
    !number ||
    !client ||
    !status ||
    !issue ||
    !due ||
    paid === undefined ||
    subtotal === undefined ||
    tax === undefined ||
    total === undefined ||
    rate === undefined
  ) {
    return { errors: f.errors };
  }
  return {
    row: { number, client, status, issue_date: issue, due_date: due, paid_date: paid, subtotal, tax_rate_bp: rate, tax, total },
    errors: [],
  };
}

/** `INV-2025-0042` → year 2025, sequence 42 (so later invoices created in Kira do not collide). */
export function invoiceSequence(number: string): { year: number; last: number } | undefined {
  const m = /^INV-(\d{4})-(\d{1,9})$/.exec(number);
  return m ? { year: Number(m[1]), last: Number(m[2]) } : undefined;
}
