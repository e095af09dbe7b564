/**
 * Document lines (quotes and invoices) and the totals derived from them. Totals are always computed here
 * from the lines, never taken from the input, so a stored document can never disagree with its lines.
 */
import { MAX_AMOUNT, lineTotal, parseQuantity, taxFor } from '../money.js';
import { isKiraError } from '../errors.js';
import { FieldReader, invalid } from './fields.js';
import { LIMITS } from './limits.js';

export interface ValidLine {
  description: string;
  quantity_milli: number;
  /** Minor units. */
  unit_price: number;
  line_total: number;
}

export interface DocumentTotals {
  subtotal: number;
  tax: number;
  total: number;
}

// `id` and `line_total` are accepted so a client can send back the lines it read; both are ignored
// (lines are replaced as a whole and their totals recomputed).
const LINE_FIELDS = ['description', 'quantity', 'unit_price', 'id', 'line_total'] as const;

function readQuantity(value: unknown, field: string): number {
  if (typeof value !== 'number' && typeof value !== 'string') throw invalid(field, 'must be a number', value);
  if (typeof value === 'string' && !/^\s*\d+(\.\d+)?\s*$/.test(value))
    throw invalid(field, 'must be a positive number with at most 3 decimals', value);
  try {
    return parseQuantity(value);
  } catch (e) {
    if (isKiraError(e)) throw invalid(field, 'must be a positive number with at most 3 decimals (at most 1,000,000)', value);
    throw e;
  }
}

export function validateLines(value: unknown, field = 'lines'): ValidLine[] {
  if (!Array.isArray(value)) throw invalid(field, 'must be a list of lines');
  if (value.length === 0) throw invalid(field, 'must hold at least one line');
  if (value.length > LIMITS.maxLines) throw invalid(field, `must hold at most ${LIMITS.maxLines} lines`);
  const lines = value.map((raw, i): ValidLine => {
    const prefix = `${field}[${i}].`;
    const f = new FieldReader(raw, LINE_FIELDS, prefix);
    const description = f.text('description', LIMITS.descriptionLength, { required: true, multiline: true })!;
    if (!f.has('quantity')) throw invalid(`${prefix}quantity`, 'is required');
    const quantity_milli = readQuantity(f.raw('quantity'), `${prefix}quantity`);
    const unit_price = f.amount('unit_price', { required: true })!;
    const total = lineTotal(quantity_milli, unit_price);
    if (total > MAX_AMOUNT) throw invalid(`${prefix}unit_price`, 'makes the line total larger than the largest amount Kira accepts');
    return { description, quantity_milli, unit_price, line_total: total };
  });
  if (lines.reduce((s, l) => s + l.line_total, 0) > MAX_AMOUNT) throw invalid(field, 'add up to more than the largest amount Kira accepts');
  return lines;
}

/** subtotal = Σ line totals, tax = round-half-up(subtotal × rate), total = subtotal + tax. */
export function documentTotals(lines: readonly Pick<ValidLine, 'line_total'>[], taxRateBp: number): DocumentTotals {
  const subtotal = lines.reduce((s, l) => s + l.line_total, 0);
  const tax = taxFor(subtotal, taxRateBp);
  return { subtotal, tax, total: subtotal + tax };
}
