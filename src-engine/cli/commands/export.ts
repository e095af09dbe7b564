import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IMPORT_KINDS, type ImportKind } from '../../core/csv-rows.js';
import { EXPORT_FORMATS, exportRows, type ExportFormat } from '../../data/export.js';
import { openDatabase } from '../../store/open.js';
import { choiceFlag, existingDatabase, intFlag, parseFlags, requireFlag, type CliCommand } from '../command.js';

const usage = `Usage: kira export --db PATH --company ID --kind expenses|invoices --format csv|json [--out FILE]

Write a company's expenses or invoices in the columns \`kira import\` reads (amounts as decimal text in the
company's currency). Writes to stdout unless --out is given.

Options:
  --db PATH         database file
  --company ID      company id (see \`kira companies\`)
  --kind KIND       expenses or invoices
  --format FORMAT   csv (default) or json
  --out FILE        write to FILE instead of stdout`;

export const command: CliCommand = {
  name: 'export',
  summary: 'export expenses or invoices as CSV or JSON',
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      company: { type: 'string' },
      kind: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    });
    const path = requireFlag(values.db, 'db');
    const companyId = intFlag(requireFlag(values.company, 'company'), 'company', 0, 1);
    const kind: ImportKind = choiceFlag(values.kind, IMPORT_KINDS, 'kind');
    const format: ExportFormat = choiceFlag(values.format, EXPORT_FORMATS, 'format', 'csv');
    // Read-only, and never on a missing path (better-sqlite3 would fail with SQLITE_CANTOPEN).
    const db = openDatabase(existingDatabase(path), { readonly: true });
    try {
      const chunks = exportRows(db, companyId, kind, format);
      // Pull the first chunk now so an unknown company fails before an output file is created.
      const first = chunks.next();
      const source = Readable.from(
        (function* () {
          if (!first.done) yield first.value;
          yield* chunks;
        })(),
      );
      await pipeline(source, values.out ? createWriteStream(values.out) : process.stdout, { end: values.out !== undefined });
      return 0;
    } finally {
      db.close();
    }
  },
};
