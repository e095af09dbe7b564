/**
 * Quote input and the rules for changing a stored quote. Content (client, dates, tax rate, lines) can be
 * edited while the quote is a draft or sent; once approved, declined or expired only conversion remains, and a
 * converted quote is frozen.
 */
import { QUOTE_STATUSES, type QuoteStatus } from '../categories.js';
import { addDays, type IsoDate } from '../dates.js';
import { ConflictError } from '../errors.js';
import { FieldReader, invalid, requireSomeField } from './fields.js';
import { LIMITS } from './limits.js';
import { documentTotals, validateLines, type DocumentTotals, type ValidLine } from './lines.js';
import { checkQuoteMove } from './transitions.js';

export interface QuoteFields {
  client_id: number;
  status: QuoteStatus;
  issue_date: IsoDate;
  valid_until: IsoDate;
  tax_rate_bp: number;
  lines: ValidLine[];
}

export type QuotePatch = Partial<QuoteFields>;

/** What the store holds for a quote, as far as the update rules need it. */
export interface QuoteState extends Omit<QuoteFields, 'lines'> {
  converted_invoice_id: number | null;
}

const FIELDS = ['client_id', 'status', 'issue_date', 'valid_until', 'tax_rate_bp', 'lines'] as const;
const CONTENT = ['client_id', 'issue_date', 'valid_until', 'tax_rate_bp', 'lines'] as const;

function read(input: unknown, required: boolean): QuotePatch {
  const f = new FieldReader(input, FIELDS);
  return {
    client_id: f.id('client_id', { required }),
    status: f.oneOf('status', QUOTE_STATUSES),
    issue_date: f.date('issue_date', { required }),
    valid_until: f.date('valid_until'),
    tax_rate_bp: f.int('tax_rate_bp', 0, 10_000),
    lines: f.has('lines') || required ? validateLines(f.raw('lines')) : undefined,
  };
}

function checkDates(issue: IsoDate, validUntil: IsoDate): void {
  if (validUntil < issue) throw invalid('valid_until', `must not be before issue_date (${issue})`, validUntil);
}

export function validateNewQuote(input: unknown): QuoteFields & DocumentTotals {
  const p = read(input, true);
  const issue_date = p.issue_date!;
  const valid_until = p.valid_until ?? addDays(issue_date, LIMITS.defaultTermDays);
  checkDates(issue_date, valid_until);
  const tax_rate_bp = p.tax_rate_bp ?? 0;
  const lines = p.lines!;
  return {
    client_id: p.client_id!,
    status: p.status ?? 'draft',
    issue_date,
    valid_until,
    tax_rate_bp,
    lines,
    ...documentTotals(lines, tax_rate_bp),
  };
}

export function validateQuotePatch(input: unknown): QuotePatch {
  const p = read(input, false);
  requireSomeField(p, 'input');
  return p;
}

/** Apply a patch to a stored quote under the rules above; returns the next state (lines only if replaced). */
export function planQuoteUpdate(current: QuoteState, patch: QuotePatch): QuoteState & { lines?: ValidLine[] } {
  if (current.converted_invoice_id !== null) {
    throw new ConflictError(
      `This quote was converted to invoice ${current.converted_invoice_id} and can no longer change`,
      {
        converted_invoice_id: current.converted_invoice_id,
      },
      'quote_converted',
    );
  }
  const touched = CONTENT.filter((k) => patch[k] !== undefined);
  if (touched.length && current.status !== 'draft' && current.status !== 'sent') {
    throw new ConflictError(
      `A ${current.status} quote cannot change ${touched.join(', ')}`,
      { status: current.status, fields: touched },
      'quote_locked',
    );
  }
  if (patch.status !== undefined && patch.status !== current.status) checkQuoteMove(current.status, patch.status);
  const next = {
    client_id: patch.client_id ?? current.client_id,
    status: patch.status ?? current.status,
    issue_date: patch.issue_date ?? current.issue_date,
    valid_until: patch.valid_until ?? current.valid_until,
    tax_rate_bp: patch.tax_rate_bp ?? current.tax_rate_bp,
    converted_invoice_id: current.converted_invoice_id,
  };
  checkDates(next.issue_date, next.valid_until);
  return patch.lines ? { ...next, lines: patch.lines } : next;
}
