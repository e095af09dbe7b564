/**
 * Report handlers: aged receivables and profit and loss as cached views. Resolved parameters (company's today
 * included) are the cache key; the tag's `to` is the last day a report reads, so a write invalidates exactly
 * the reports whose window it can reach, as for the dashboard views. `reports.file` renders one as a file.
 */
import { agingDocument, pnlDocument } from '../../../core/reports/tables.js';
import type { AgingParams, PnlParams, ReportFile } from '../../../core/reports/types.js';
import { aging, pnl, resolveAging, resolvePnl } from '../../../dashboard/reports/index.js';
import { reportCsv } from '../../../reports/csv.js';
import { defineView, type HandlerTable } from '../handler-types.js';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

export const reportHandlers: Pick<HandlerTable, 'reports.aging' | 'reports.pnl' | 'reports.file'> = {
  'reports.aging': defineView<'reports.aging', AgingParams>({
    resolve: (ctx, input) => {
      const params = resolveAging(ctx.store.db, input, ctx.now());
      return { params, tags: { company: params.company, to: params.as_of } };
    },
    compute: (ctx, params) => aging(ctx.store.db, params),
  }),
  'reports.pnl': defineView<'reports.pnl', PnlParams>({
    resolve: (ctx, input) => {
      const params = resolvePnl(ctx.store.db, input, ctx.now());
      return { params, tags: { company: params.company, to: params.to } };
    },
    compute: (ctx, params) => pnl(ctx.store.db, params),
  }),
  'reports.file': {
    kind: 'plain',
    async handle(ctx, input): Promise<ReportFile> {
      const db = ctx.store.db;
      const q: Record<string, unknown> = input;
      const doc =
        input.kind === 'aging'
          ? agingDocument(aging(db, resolveAging(db, { ...q, detail: input.format === 'xlsx' }, ctx.now())))
          : pnlDocument(pnl(db, resolvePnl(db, q, ctx.now())));
      const bytes =
        input.format === 'csv'
          ? Buffer.from(reportCsv(doc))
          : input.format === 'xlsx'
            ? await (await import('../../../reports/xlsx.js')).reportXlsx(doc)
            : await (await import('../../../reports/pdf.js')).reportPdf(doc, ctx.hooks.printPdf);
      return { filename: `${doc.name}.${input.format}`, content_type: TYPES[input.format], base64: bytes.toString('base64') };
    },
  },
};
