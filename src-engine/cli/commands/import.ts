import { closeSync, createReadStream, openSync, statSync, writeSync } from 'node:fs';
import { IMPORT_KINDS, type ImportKind, type RowError } from '../../core/csv-rows.js';
import { importCsv } from '../../data/csv-import.js';
import { Store } from '../../store/store.js';
import { existingDatabase, FileArgumentError, intFlag, parseFlags, requireFlag, UsageError, type CliCommand } from '../command.js';
import { progressBar } from '../progress.js';
import { plural } from '../start-report.js';
import { oneOf } from './export.js';

const usage = `Usage: kira import --db PATH --company ID --kind expenses|invoices [--good-rows [--report FILE]] FILE

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
  --report FILE    with --good-rows: write the skipped rows' errors to FILE as CSV (line,column,reason,value)`;

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
      { db: { type: 'string' }, company: { type: 'string' }, kind: { type: 'string' }, 'good-rows': { type: 'boolean' }, report: { type: 'string' } },
      true,
    );
    const path = requireFlag(values.db, 'db');
    const companyId = intFlag(requireFlag(values.company, 'company'), 'company', 0, 1);
    const kind: ImportKind = oneOf(values.kind, IMPORT_KINDS, 'kind');
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
    const store = Store.open(path);
    const report = values.report ? fileSink(values.report) : undefined;
    try {
      const bar = progressBar('import', size);
      const r = await importCsv(store, companyId, kind, createReadStream(file), {
        mode: values['good-rows'] ? 'good-rows' : 'all-or-nothing',
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
