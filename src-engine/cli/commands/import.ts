import { closeSync, createReadStream, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { IMPORT_KINDS, type ImportKind, type RowError } from '../../core/csv-rows.js';
import { checkImportSize, importCsv } from '../../data/csv-import.js';
import { Store } from '../../store/store.js';
import {
  choiceFlag,
  existingDatabase,
  FileArgumentError,
  intFlag,
  parseFlags,
  requireFlag,
  UsageError,
  type CliCommand,
} from '../command.js';
import { progressBar } from '../progress.js';
import { plural } from '../start-report.js';
import { isKiraCsv, runFormatImport } from './import-formats.js';

const usage = `Usage: kira import --db PATH --company ID --kind expenses|invoices [--format auto|csv|ofx|qif|camt] [--map NAME|FILE]
                   [--date-format FMT] [--dry-run] [--json] [--good-rows [--report FILE]] FILE
       kira import --db PATH --company ID --save-map NAME MAPPING.json

Import a CSV file (header line first, columns in any order, UTF-8). By default the import is all-or-nothing:
if any row is bad nothing is written, the bad lines are listed and the exit code is 1. Client names that do not
exist yet are created.

Expenses columns:  date, category, amount (required); description, reimbursable, client
Invoices columns:  number, client, status, issue_date, due_date, paid_date, subtotal, tax, total (required); tax_rate

Options:
  --db PATH        database file
  --company ID     company id (see \`kira companies\`)
  --kind KIND      expenses or invoices
  --good-rows      import the valid rows and skip the bad ones
  --report FILE    with --good-rows: write the skipped rows' errors to FILE as CSV (line,column,reason,value)

Bank statements and other programs' CSVs (see README "Importing real books"):
  --format FMT     auto (default: detected), csv, ofx (OFX 1.x/2.x, QFX), qif, camt (CAMT.053); --kind is optional for statements
  --map NAME|FILE  a mapping file (JSON) or a mapping saved for the company; a CSV that is not Kira's own needs one
  --date-format F  date format for the file (QIF with ambiguous dates): DD/MM/YYYY, MM/DD/YYYY, D MMM YYYY…
  --dry-run        parse, map and match; print what would be imported, skipped as duplicate and rejected; change nothing
  --json           print the result as JSON
  --save-map NAME  save the mapping file given as FILE for the company under NAME

Money out becomes expenses; money in pays the open invoice it matches (same amount, client name in the payee or
description) on the statement date; unmatched money in is listed, not imported. Each transaction is imported
once: a re-import or an overlapping statement skips what is already in (counted as duplicates).`;

function describe(e: RowError): string {
  const where = e.column ? `line ${e.line}, ${e.column}` : `line ${e.line}`;
  return `  ${where}: ${e.reason}${e.value ? ` (got "${e.value}")` : ''}`;
}

/** Buffered synchronous writes: the import calls `write` once per bad field. */
function fileSink(path: string): { write(chunk: string): void; close(): void } {
  const fd = openSync(path, 'w');
  let buf = '';
  return {
    write(chunk) {
      buf += chunk;
      if (buf.length > 65_536) {
        writeSync(fd, buf);
        buf = '';
      }
    },
    close() {
      writeSync(fd, buf);
      closeSync(fd);
    },
  };
}

export const command: CliCommand = {
  name: 'import',
  summary: 'import expenses or invoices from a CSV file',
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        db: { type: 'string' },
        company: { type: 'string' },
        kind: { type: 'string' },
        'good-rows': { type: 'boolean' },
        report: { type: 'string' },
        format: { type: 'string' },
        map: { type: 'string' },
        'date-format': { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        'save-map': { type: 'string' },
      },
      true,
    );
    const path = requireFlag(values.db, 'db');
    const companyId = intFlag(requireFlag(values.company, 'company'), 'company', 0, 1);
    // Statements, mapped CSVs, dry runs and saved mappings: the format-aware path. Kira's own CSV keeps streaming below.
    const formatFlags = values.format || values.map || values['date-format'] || values['dry-run'] || values.json || values['save-map'];
    if (positionals.length === 1 && (formatFlags || !values.kind || (existsSync(positionals[0]!) && !isKiraCsv(positionals[0]!)))) {
      return runFormatImport(
        {
          db: path,
          companyId,
          kind: values.kind,
          format: values.format,
          map: values.map,
          dateFormat: values['date-format'],
          dryRun: values['dry-run'] === true,
          goodRows: values['good-rows'] === true,
          report: values.report,
          saveMap: values['save-map'],
          json: values.json === true,
        },
        positionals[0]!,
      );
    }
    const kind: ImportKind = choiceFlag(values.kind, IMPORT_KINDS, 'kind');
    if (positionals.length !== 1) throw new UsageError('give exactly one CSV file to import');
    if (values.report && !values['good-rows']) throw new UsageError('--report goes with --good-rows');
    const file = positionals[0]!;
    let size: number;
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) throw new FileArgumentError(`${file} is a folder, not a CSV file`);
      size = stat.size;
    } catch (e) {
      if (e instanceof FileArgumentError) throw e;
      throw new FileArgumentError(`cannot read ${file}`);
    }
    // Importing needs existing books: a missing path would become an empty database.
    existingDatabase(path);
    // Over the limit: refused before reading it or opening (or creating) the database.
    checkImportSize(size);
    const store = Store.open(path);
    const report = values.report ? fileSink(values.report) : undefined;
    try {
      const bar = progressBar('import', size);
      const r = await importCsv(store, companyId, kind, createReadStream(file), {
        mode: values['good-rows'] ? 'good-rows' : 'all-or-nothing',
        sizeBytes: size,
        ...(report ? { report } : {}),
        onProgress: (p) => bar.update(p.bytes, size),
      });
      const rows = (n: number) => plural(n, kind.slice(0, -1)); // "1 expense", "2 invoices"
      bar.done(`${rows(r.imported)} imported, ${plural(r.rejected, 'row')} rejected`);
      if (r.created_clients > 0) process.stdout.write(`created ${plural(r.created_clients, 'new client')}\n`);
      if (r.rejected > 0) {
        const lines = r.errors.map(describe);
        if (r.error_count > r.errors.length) lines.push(`  … and ${r.error_count - r.errors.length} more`);
        const head = values['good-rows']
          ? `skipped ${plural(r.rejected, 'bad row')}${values.report ? ` (all listed in ${values.report})` : ''}:`
          : `nothing imported: ${plural(r.rejected, 'bad row')}:`;
        process.stderr.write(`${head}\n${lines.join('\n')}\n`);
        if (!values['good-rows']) return 1;
      }
      process.stdout.write(`imported ${rows(r.imported)} in ${r.duration_ms} ms\n`);
      return 0;
    } finally {
      report?.close();
      store.close();
    }
  },
};
