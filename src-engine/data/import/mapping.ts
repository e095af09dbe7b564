/**
 * The mapping file of the import contract (../shared/spec/import-and-reports.md): which of the file's columns
 * hold which Kira field, and how its dates and amounts are written. Validated here into a typed value; pure.
 */
import { categoryFromText, type ExpenseCategory } from '../../core/categories.js';
import type { ImportKind } from '../../core/csv-rows.js';
import { ValidationError } from '../../core/errors.js';
import type { NumberFormat } from './amounts.js';

const EXPENSE_FIELDS = ['date', 'description', 'amount', 'debit', 'credit', 'category', 'client', 'reimbursable', 'reference'] as const;
const INVOICE_FIELDS = [
  'number',
  'client',
  'issue_date',
  'due_date',
  'total',
  'status',
  'paid_date',
  'amount_paid',
  'subtotal',
  'tax',
] as const;

export interface CategoryRule {
  match: string;
  category: ExpenseCategory;
  re: RegExp;
}

export interface Mapping {
  columns: Record<string, string>;
  date_format: string;
  /** Whether the date format was given (QIF needs it to resolve ambiguous dates; a default never counts). */
  date_format_given: boolean;
  decimal: NumberFormat['decimal'];
  thousands: NumberFormat['thousands'];
  skip_rows: number;
  delimiter: ',' | ';' | '\t';
  category: ExpenseCategory;
  category_rules: CategoryRule[];
}

const KEYS = ['columns', 'date_format', 'decimal', 'thousands', 'skip_rows', 'delimiter', 'category', 'category_rules'];

function bad(message: string, field: string, value?: unknown): ValidationError {
  return new ValidationError(`mapping: ${message}`, { field, value }, 'invalid_mapping');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `kind` decides which columns are required; null = a bank statement (only category settings matter). */
export function validateMapping(input: unknown, kind: ImportKind | null): Mapping {
  if (!isRecord(input)) throw bad('must be a JSON object', '');
  for (const k of Object.keys(input)) if (!KEYS.includes(k)) throw bad(`unknown key "${k}" (known: ${KEYS.join(', ')})`, k);
  const columns: Record<string, string> = {};
  if (input.columns !== undefined) {
    if (!isRecord(input.columns)) throw bad('columns must be an object of Kira field → header name', 'columns');
    const fields: readonly string[] = kind === 'invoices' ? INVOICE_FIELDS : EXPENSE_FIELDS;
    for (const [f, h] of Object.entries(input.columns)) {
      if (!fields.includes(f))
        throw bad(`columns.${f} is not a ${kind ?? 'expenses'} field (fields: ${fields.join(', ')})`, `columns.${f}`);
      if (typeof h !== 'string' || h.trim() === '') throw bad(`columns.${f} must be a header name`, `columns.${f}`, h);
      columns[f] = h.trim();
    }
  }
  if (kind === 'expenses') {
    const missing = ['date', 'description'].filter((f) => !columns[f]);
    if (!columns.amount && !(columns.debit && columns.credit)) missing.push('amount (or debit + credit)');
    if (missing.length > 0) throw bad(`columns must map ${missing.join(', ')}`, 'columns');
  } else if (kind === 'invoices') {
    const missing = ['number', 'client', 'issue_date', 'due_date', 'total'].filter((f) => !columns[f]);
    if (missing.length > 0) throw bad(`columns must map ${missing.join(', ')}`, 'columns');
  }
  const str = (k: string, def: string) => {
    const v = input[k];
    if (v === undefined) return def;
    if (typeof v !== 'string') throw bad(`${k} must be a string`, k, v);
    return v;
  };
  const decimal = str('decimal', '.');
  if (decimal !== '.' && decimal !== ',') throw bad('decimal must be "." or ","', 'decimal', decimal);
  const thousands = str('thousands', decimal === '.' ? ',' : '.');
  if (!['', ',', '.', ' ', "'"].includes(thousands) || thousands === decimal)
    throw bad('thousands must be "", ",", ".", " " or "\'" and differ from decimal', 'thousands', thousands);
  const delimiter = str('delimiter', ',');
  if (delimiter !== ',' && delimiter !== ';' && delimiter !== '\t')
    throw bad('delimiter must be ",", ";" or a tab', 'delimiter', delimiter);
  const skip = input.skip_rows ?? 0;
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0 || skip > 1000)
    throw bad('skip_rows must be a whole number 0…1000', 'skip_rows', skip);
  const category = categoryFromText(str('category', 'other'));
  if (!category) throw bad('category must be an expense category code or label', 'category', input.category);
  const rules: CategoryRule[] = [];
  if (input.category_rules !== undefined) {
    if (!Array.isArray(input.category_rules)) throw bad('category_rules must be a list of { match, category }', 'category_rules');
    input.category_rules.forEach((r: unknown, i) => {
      const field = `category_rules[${i}]`;
      if (!isRecord(r) || typeof r.match !== 'string' || typeof r.category !== 'string')
        throw bad(`${field} must be { "match": "…", "category": "…" }`, field);
      const cat = categoryFromText(r.category);
      if (!cat) throw bad(`${field}.category is not an expense category`, field, r.category);
      let re: RegExp;
      try {
        re = new RegExp(r.match, 'i');
      } catch {
        throw bad(`${field}.match is not a valid regular expression`, field, r.match);
      }
      rules.push({ match: r.match, category: cat, re });
    });
  }
  const dateFormat = str('date_format', 'YYYY-MM-DD');
  return {
    columns,
    date_format: dateFormat,
    date_format_given: input.date_format !== undefined,
    decimal,
    thousands: thousands as NumberFormat['thousands'],
    skip_rows: skip,
    delimiter,
    category,
    category_rules: rules,
  };
}

/** The mapping as saved and shown (the contract's JSON, without derived fields). */
export function mappingJson(m: Mapping): Record<string, unknown> {
  return {
    columns: m.columns,
    date_format: m.date_format,
    decimal: m.decimal,
    thousands: m.thousands,
    skip_rows: m.skip_rows,
    delimiter: m.delimiter,
    category: m.category,
    category_rules: m.category_rules.map((r) => ({ match: r.match, category: r.category })),
  };
}

export const DEFAULT_MAPPING: Mapping = validateMapping({}, null);

/** The file's category cell if it names one, else the first matching rule on the description, else the default. */
export function categorize(m: Mapping, description: string, cell?: string): ExpenseCategory {
  if (cell !== undefined && cell.trim() !== '') {
    const c = categoryFromText(cell);
    if (c) return c;
  }
  for (const r of m.category_rules) if (r.re.test(description)) return r.category;
  return m.category;
}
