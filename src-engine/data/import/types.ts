/** What every statement parser produces: signed transactions in minor units, each with the line it starts on. */
import type { IsoDate } from '../../core/dates.js';
import type { RowError } from '../../core/csv-rows.js';
import type { ImportFormat, StatementFormat } from '../../core/import/types.js';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['auto', 'csv', 'ofx', 'qif', 'camt'];

export interface StatementTxn {
  /** First line of the transaction in the file (1-based). */
  line: number;
  date: IsoDate;
  /** Minor units; negative = money out, positive = money in. */
  amount: number;
  /** Payee / counterparty name, '' when the format has none. */
  payee: string;
  /** Free text (memo, narrative, remittance information). */
  description: string;
  /** Account the transaction belongs to ('' when unknown): part of its key, so two accounts never collide. */
  account: string;
  /** The bank's own id for the transaction (OFX FITID, CAMT AcctSvcrRef/NtryRef); null when the format has none. */
  bankId: string | null;
  /** Only from a mapped CSV: the file's category cell, client, reimbursable flag and reference. */
  category?: string;
  client?: string;
  reimbursable?: boolean;
  reference?: string;
}

export interface ParsedStatement {
  format: StatementFormat;
  /** The first account in the file ('' when unknown), for display. */
  account: string;
  currency: string | null;
  txns: StatementTxn[];
  /** Lines that could not be read as a transaction. */
  errors: RowError[];
}
