import type { Migration } from '../migrate.js';
import { migration as initial } from './001-initial.js';
import { migration as listIndexes } from './002-list-indexes.js';
import { migration as benchRuns } from './003-bench-runs.js';
import { migration as clientRevenueMonthly } from './004-client-revenue-monthly.js';
import { migration as importFingerprints } from './005-import-fingerprints.js';
import { migration as invoiceStatusHistory } from './006-invoice-status-history.js';

/** Every migration in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  listIndexes,
  benchRuns,
  clientRevenueMonthly,
  importFingerprints,
  invoiceStatusHistory,
];
