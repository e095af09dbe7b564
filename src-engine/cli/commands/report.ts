/**
 * `kira report`: aged receivables or profit and loss from a database, as JSON (the handlers' JSON, exactly), CSV,
 * XLSX or PDF (../shared/spec/import-and-reports.md). The figures come from the same query modules as
 * `/api/reports/*`; the files from the one table layout (core/reports/tables.ts).
 */
import { writeFileSync } from 'node:fs';
import { isKiraError } from '../../core/errors.js';
import { agingDocument, pnlDocument, type ReportDocument } from '../../core/reports/tables.js';
import { aging, pnl, resolveAging, resolvePnl } from '../../dashboard/reports/index.js';
import { reportCsv } from '../../reports/csv.js';
import { openDatabase } from '../../store/open.js';
import { choiceFlag, existingDatabase, parseFlags, requireFlag, UsageError, type CliCommand } from '../command.js';

const USAGE = `Usage: kira report --db PATH --company ID --kind aging|pnl [--as-of DATE] [--from DATE --to DATE]
                   [--basis accrual|cash] [--by month|quarter] --format json|csv|xlsx|pdf [--out FILE] [--detail]

Reports out of the books:
  aging   aged receivables as of --as-of (default: the company's today): every invoice owed on that day by its
          status history, by client, in the buckets current, 1-30, 31-60, 61-90 and over 90 days past due
  pnl     profit and loss from --from to --to (default: the year to date) by month or quarter, revenue on the
          accrual (issued) or cash (paid) basis, expenses by category, net, and the same periods a year earlier

Options:
  --db PATH        the database file (required)
  --company ID     the company (required)
  --kind KIND      aging or pnl (required)
  --format FORMAT  json, csv, xlsx or pdf (required); pdf needs Chromium ($KIRA_CHROMIUM or /usr/bin/chromium)
  --out FILE       write the file there (default: standard output)
  --detail         aging: list the invoices behind each cell in the JSON (the XLSX always has them)`;

const KINDS = ['aging', 'pnl'] as const;
const FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

async function render(format: Format, json: unknown, doc: ReportDocument): Promise<string | Buffer> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(json, null, 2)}\n`;
    case 'csv':
      return reportCsv(doc);
    case 'xlsx':
      return (await import('../../reports/xlsx.js')).reportXlsx(doc);
    case 'pdf':
      return (await import('../../reports/pdf.js')).reportPdf(doc);
  }
}

export const command: CliCommand = {
  name: 'report',
  summary: 'aged receivables or profit and loss as JSON, CSV, XLSX or PDF',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      company: { type: 'string' },
      kind: { type: 'string' },
      'as-of': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      basis: { type: 'string' },
      by: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      detail: { type: 'boolean' },
    });
    const path = existingDatabase(requireFlag(values.db, 'db'));
    const company = requireFlag(values.company, 'company');
    const kind = choiceFlag(values.kind, KINDS, 'kind');
    const format = choiceFlag(values.format, FORMATS, 'format');
    if (
      kind === 'aging' &&
      (values.from !== undefined || values.to !== undefined || values.basis !== undefined || values.by !== undefined)
    ) {
      throw new UsageError('aging takes --as-of, not --from/--to/--basis/--by');
    }
    if (kind === 'pnl' && (values['as-of'] !== undefined || values.detail))
      throw new UsageError('pnl takes --from/--to, not --as-of or --detail');

    const db = openDatabase(path);
    let output: string | Buffer;
    try {
      const query = { company, as_of: values['as-of'], from: values.from, to: values.to, basis: values.basis, by: values.by };
      if (kind === 'aging') {
        // The workbook always carries the invoices behind the cells (a sheet of its own); JSON with --detail.
        const result = aging(db, resolveAging(db, { ...query, detail: values.detail === true || format === 'xlsx' }));
        output = await render(format, result, agingDocument(result));
      } else {
        const result = pnl(db, resolvePnl(db, query));
        output = await render(format, result, pnlDocument(result));
      }
    } catch (e) {
      // A bad flag value (date, basis, company) is the caller's mistake: usage error, naming the flag.
      if (isKiraError(e) && (e.kind === 'invalid' || e.kind === 'not_found')) {
        const param = (e.details as { param?: unknown } | undefined)?.param;
        throw new UsageError(typeof param === 'string' ? e.message.replace(param, `--${param.replace('_', '-')}`) : e.message);
      }
      throw e;
    } finally {
      db.close();
    }
    if (values.out) writeFileSync(values.out, output);
    else process.stdout.write(output);
    return 0;
  },
};
