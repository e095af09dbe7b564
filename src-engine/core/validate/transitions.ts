/** Status rules for documents, as pure checks that throw a ConflictError (409) naming both states. */
import { INVOICE_TRANSITIONS, type InvoiceStatus, type QuoteStatus } from '../categories.js';
import { ConflictError } from '../errors.js';

/**
 * Quotes move forward only: a draft is sent; a sent quote is approved, declined or expires. Approved,
 * declined and expired are final (an approved quote's next step is conversion, not a status).
 */
export const QUOTE_TRANSITIONS: Record<QuoteStatus, readonly QuoteStatus[]> = {
  draft: ['sent'],
  sent: ['approved', 'declined', 'expired'],
  approved: [],
  declined: [],
  expired: [],
};

function refuse(kind: string, from: string, to: string, allowed: readonly string[]): ConflictError {
  const next = allowed.length ? `it can move to ${allowed.join(' or ')}` : `${from} is final`;
  return new ConflictError(`A ${from} ${kind} cannot become ${to}: ${next}`, { from, to, allowed: [...allowed] }, 'illegal_transition');
}

export function checkInvoiceMove(from: InvoiceStatus, to: InvoiceStatus): void {
  if (!INVOICE_TRANSITIONS[from].includes(to)) throw refuse('invoice', from, to, INVOICE_TRANSITIONS[from]);
}

export function checkQuoteMove(from: QuoteStatus, to: QuoteStatus): void {
  if (!QUOTE_TRANSITIONS[from].includes(to)) throw refuse('quote', from, to, QUOTE_TRANSITIONS[from]);
}
