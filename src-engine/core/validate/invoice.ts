/**
 * Invoice input and the rules for changing a stored invoice:
 * - content (client, issue date, tax rate, lines) is editable only while the invoice is a draft: once sent,
 *   the amounts are what the client received;
 * - the due date is editable until the invoice is paid or cancelled;
 * - the paid date is set by the move to `paid` (default: today in the company's zone) and may be corrected
 *   afterwards; it is never before the issue date;
 * - status moves follow INVOICE_TRANSITIONS; paid and cancelled are final.
 */
import { INVOICE_STATUSES, type InvoiceStatus } from '../categories.js';
import { addDays, type IsoDate } from '../dates.js';
import { ConflictError } from '../errors.js';
import { FieldReader, invalid, requireSomeField } from './fields.js';
import { LIMITS } from './limits.js';
import { documentTotals, validateLines, type DocumentTotals, type ValidLine } from './lines.js';
import { checkInvoiceMove } from './transitions.js';

export interface InvoiceFields {
  client_id: number;
  status: InvoiceStatus;
  issue_date: IsoDate;
  due_date: IsoDate;
  paid_date: IsoDate | null;
  tax_rate_bp: number;
  lines: ValidLine[];
}

export type InvoicePatch = Partial<InvoiceFields>;
export type InvoiceState = Omit<InvoiceFields, 'lines'>;

const FIELDS = ['client_id', 'status', 'issue_date', 'due_date', 'paid_date', 'tax_rate_bp', 'lines'] as const;
const CONTENT = ['client_id', 'issue_date', 'tax_rate_bp', 'lines'] as const;

function read(input: unknown, required: boolean): InvoicePatch {
  const f = new FieldReader(input, FIELDS);
  return {
    client_id: f.id('client_id', { required }),
    status: f.oneOf('status', INVOICE_STATUSES),
    issue_date: f.date('issue_date', { required }),
    due_date: f.date('due_date'),
    paid_date: f.nullableDate('paid_date'),
    tax_rate_bp: f.int('tax_rate_bp', 0, 10_000),
    lines: f.has('lines') || required ? validateLines(f.raw('lines')) : undefined,
  };
}

/** The date rules every stored invoice satisfies. */
function checkDates(s: InvoiceState): void {
  if (s.due_date < s.issue_date) throw invalid('due_date', `must not be before issue_date (${s.issue_date})`, s.due_date);
  if (s.status === 'paid') {
    if (s.paid_date === null) throw invalid('paid_date', 'is required for a paid invoice');
    if (s.paid_date < s.issue_date) throw invalid('paid_date', `must not be before issue_date (${s.issue_date})`, s.paid_date);
  } else if (s.paid_date !== null) {
    throw invalid('paid_date', `only a paid invoice has a paid date (status is ${s.status})`, s.paid_date);
  }
}

/** A new invoice may be recorded in any status (history being entered); `today` fills a paid invoice's paid_date. */
export function validateNewInvoice(input: unknown, today: IsoDate): InvoiceFields & DocumentTotals {
  const p = read(input, true);
  const issue_date = p.issue_date!;
  const status = p.status ?? 'draft';
  const tax_rate_bp = p.tax_rate_bp ?? 0;
  const lines = p.lines!;
  const state: InvoiceState = {
    client_id: p.client_id!,
    status,
    issue_date,
    due_date: p.due_date ?? addDays(issue_date, LIMITS.defaultTermDays),
    paid_date: p.paid_date ?? (status === 'paid' ? today : null),
    tax_rate_bp,
  };
  checkDates(state);
  return { ...state, lines, ...documentTotals(lines, tax_rate_bp) };
}

export function validateInvoicePatch(input: unknown): InvoicePatch {
  const p = read(input, false);
  requireSomeField(p, 'input');
  return p;
}

/** `POST /invoices/:id/status` body: `{ status, paid_date? }`. */
export function validateStatusChange(input: unknown): { status: InvoiceStatus; paid_date?: IsoDate } {
  const f = new FieldReader(input, ['status', 'paid_date']);
  const status = f.oneOf('status', INVOICE_STATUSES, { required: true })!;
  const paid_date = f.date('paid_date');
  if (paid_date !== undefined && status !== 'paid') throw invalid('paid_date', 'is only accepted with status paid', paid_date);
  return paid_date === undefined ? { status } : { status, paid_date };
}

/** Apply a patch to a stored invoice under the rules above; returns the next state (lines only if replaced). */
export function planInvoiceUpdate(current: InvoiceState, patch: InvoicePatch, today: IsoDate): InvoiceState & { lines?: ValidLine[] } {
  const touched = CONTENT.filter((k) => patch[k] !== undefined);
  if (touched.length && current.status !== 'draft') {
    throw new ConflictError(
      `A ${current.status} invoice cannot change ${touched.join(', ')}; only a draft can`,
      {
        status: current.status,
        fields: touched,
      },
      'invoice_locked',
    );
  }
  const final = current.status === 'paid' || current.status === 'cancelled';
  if (patch.due_date !== undefined && patch.due_date !== current.due_date && final) {
    throw new ConflictError(
      `A ${current.status} invoice cannot change due_date`,
      { status: current.status, fields: ['due_date'] },
      'invoice_locked',
    );
  }
  const status = patch.status ?? current.status;
  if (status !== current.status) checkInvoiceMove(current.status, status);
  let paid_date = current.paid_date;
  if (status === 'paid') {
    if (patch.paid_date === null) throw invalid('paid_date', 'is required for a paid invoice');
    paid_date = patch.paid_date ?? current.paid_date ?? today;
  } else if (patch.paid_date != null)
    throw invalid('paid_date', `only a paid invoice has a paid date (status is ${status})`, patch.paid_date);
  const next: InvoiceState = {
    client_id: patch.client_id ?? current.client_id,
    status,
    issue_date: patch.issue_date ?? current.issue_date,
    due_date: patch.due_date ?? current.due_date,
    paid_date,
    tax_rate_bp: patch.tax_rate_bp ?? current.tax_rate_bp,
  };
  checkDates(next);
  return patch.lines ? { ...next, lines: patch.lines } : next;
}
