/** Reports: aged receivables and profit and loss (cached like the views), and either one as a file. */
import { Type } from '@sinclair/typebox';
import type { AgingResult, PnlResult, ReportFile } from '../reports/types.js';
import { closed, COMPANY, DATE, declare, ID, named, stringEnum } from './declare.js';
import { BASIS } from './dashboard.js';

const PERIOD = { ...COMPANY, from: Type.Optional(DATE), to: Type.Optional(DATE), basis: Type.Optional(BASIS) };
const BY = stringEnum(['month', 'quarter']);

export const reportsApi = {
  'reports.aging': declare({
    method: 'GET',
    path: '/api/reports/aging',
    cached: true,
    status: 200,
    summary: 'Aged receivables as of a day (with the invoices behind each cell on request).',
    input: closed({
      company: Type.Optional(ID),
      as_of: Type.Optional(DATE),
      /** Include the invoices behind each cell. */
      detail: Type.Optional(Type.Boolean()),
      /** Only this client (implies detail). */
      client: Type.Optional(ID),
    }),
    result: named<AgingResult>('AgingResult'),
  }),
  'reports.pnl': declare({
    method: 'GET',
    path: '/api/reports/pnl',
    cached: true,
    status: 200,
    summary: 'Profit and loss of a period, by month or quarter.',
    input: closed({ ...PERIOD, by: Type.Optional(BY) }),
    result: named<PnlResult>('PnlResult'),
  }),
  'reports.file': declare({
    method: 'GET',
    path: '/api/reports/file',
    cached: false,
    status: 200,
    summary: 'A report as a file (CSV, XLSX, PDF), base64 in JSON so HTTP and IPC carry it alike.',
    input: closed({
      ...PERIOD,
      as_of: Type.Optional(DATE),
      by: Type.Optional(BY),
      kind: stringEnum(['aging', 'pnl']),
      format: stringEnum(['csv', 'xlsx', 'pdf']),
    }),
    result: named<ReportFile>('ReportFile'),
  }),
} as const;
