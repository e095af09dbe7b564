/**
 * The idempotency key of the contract: the bank's own id where the format has one, else a fingerprint of
 * account + date + amount + description + the occurrence index of that same tuple within the file (so two
 * identical coffees on one day in one file are two transactions, and the same file twice is still one import).
 */
import { createHash } from 'node:crypto';
import type { StatementTxn } from './types.js';

const SEP = '\u001f';

/** Keys for every transaction, in file order. */
export function transactionKeys(txns: readonly StatementTxn[]): string[] {
  const seen = new Map<string, number>();
  return txns.map((t) => {
    if (t.bankId !== null) return `id:${digest(`${t.account}${SEP}${t.bankId}`)}`;
    const tuple = [t.account, t.date, String(t.amount), t.payee, t.description].join(SEP);
    const occurrence = seen.get(tuple) ?? 0;
    seen.set(tuple, occurrence + 1);
    return `fp:${digest(`${tuple}${SEP}${occurrence}`)}`;
  });
}

/** A digest keeps keys short and printable whatever the text; 128 bits cannot collide by accident. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
