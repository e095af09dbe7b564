/**
 * CAMT.053 (ISO 20022 bank-to-customer statement), any version: the namespace prefix is dropped and only the
 * element names used here are read. Booked entries only (`Sts` = BOOK, as text in v2–v7 or `<Cd>` from v8);
 * `CdtDbtInd` DBIT is money out. The bank's id is `AcctSvcrRef`, else `NtryRef`.
 */
import type { RowError } from '../../core/csv-rows.js';
import { ValidationError } from '../../core/errors.js';
import { parseAmount } from './amounts.js';
import { compileDateFormat } from './dates.js';
import { lineCounter } from './text.js';
import type { ParsedStatement, StatementTxn } from './types.js';
import { list, parseXml, text } from './xml.js';

const ARRAYS = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd']);
const LINE_TAG = 'KiraLine';

export function parseCamt(source: string, opts: { digits: number }): ParsedStatement {
  // Mark each entry with its line (same pass idea as OFX): errors and results name the line of <Ntry>.
  const lineAt = lineCounter(source);
  const marked = source.replace(
    /<((?:[A-Za-z0-9_]+:)?)Ntry>/g,
    (_m, ns: string, offset: number) => `<${ns}Ntry><${ns}${LINE_TAG}>${lineAt(offset)}</${ns}${LINE_TAG}>`,
  );
  const doc = parseXml(marked, 'CAMT.053', ARRAYS);
  const stmts = list(doc, 'Document', 'BkToCstmrStmt', 'Stmt');
  if (stmts.length === 0)
    throw new ValidationError('This is not a CAMT.053 statement: no Document/BkToCstmrStmt/Stmt.', {}, 'invalid_file');
  const isoDate = compileDateFormat('YYYY-MM-DD');
  const txns: StatementTxn[] = [];
  const errors: RowError[] = [];
  let firstAccount: string | undefined;
  let currency: string | null = null;
  for (const st of stmts) {
    const account = text(st, 'Acct', 'Id', 'IBAN') ?? text(st, 'Acct', 'Id', 'Othr', 'Id') ?? '';
    firstAccount ??= account;
    currency ??= text(st, 'Acct', 'Ccy') ?? null;
    for (const e of list(st, 'Ntry')) {
      const line = Number(text(e, LINE_TAG) ?? 0);
      const status = text(e, 'Sts', 'Cd') ?? text(e, 'Sts') ?? '';
      if (status.toUpperCase() !== 'BOOK') continue; // pending / info entries are not on the books yet
      const err = (column: string, reason: string, value = '') => errors.push({ line, column, reason, value });
      const amountText = text(e, 'Amt') ?? '';
      const amount = parseAmount(amountText, { decimal: '.', thousands: '' }, opts.digits);
      const ind = text(e, 'CdtDbtInd') ?? '';
      const dateText = (text(e, 'BookgDt', 'Dt') ?? text(e, 'BookgDt', 'DtTm') ?? text(e, 'ValDt', 'Dt') ?? '').slice(0, 10);
      const date = isoDate(dateText);
      if (!amount.ok) err('Amt', amountText ? amount.reason : 'missing', amountText);
      if (ind !== 'CRDT' && ind !== 'DBIT') err('CdtDbtInd', 'must be CRDT or DBIT', ind);
      if (!date.ok) err('BookgDt', dateText ? date.reason : 'missing', dateText);
      if (!amount.ok || !date.ok || (ind !== 'CRDT' && ind !== 'DBIT')) continue;
      const tx = list(e, 'NtryDtls').flatMap((d) => list(d, 'TxDtls'))[0];
      const party = ind === 'CRDT' ? 'Dbtr' : 'Cdtr';
      const payee = text(tx, 'RltdPties', party, 'Nm') ?? text(tx, 'RltdPties', party, 'Pty', 'Nm') ?? '';
      const remittance = list(tx, 'RmtInf', 'Ustrd')
        .filter((u): u is string => typeof u === 'string')
        .join(' ');
      txns.push({
        line,
        account,
        date: date.value,
        amount: ind === 'DBIT' ? -amount.value : amount.value,
        payee: payee.trim(),
        description: (remittance || text(e, 'AddtlNtryInf') || '').trim(),
        bankId: (text(e, 'AcctSvcrRef') ?? text(e, 'NtryRef'))?.trim() || null,
      });
    }
  }
  return { format: 'camt', account: firstAccount ?? '', currency, txns, errors };
}
