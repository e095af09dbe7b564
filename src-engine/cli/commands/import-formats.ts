/**
 * `kira import` for bank statements (OFX/QFX, QIF, CAMT.053) and other programs' CSVs through a mapping, plus
 * `--save-map`. Kira's own CSV without these flags keeps the streamed path in import.ts.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { IMPORT_KINDS, type ImportKind, type RowError } from '../../core/csv-rows.js';
import { isKiraError } from '../../core/errors.js';
import { formatDecimal } from '../../core/money.js';
import { detectFormat } from '../../data/import/detect.js';
import type { ImportFileResult, ImportFormat } from '../../core/import/types.js';
import { companyMoney, HOW_TO_MAP, importFile } from '../../data/import/import-file.js';
import { validateMapping, type Mapping } from '../../data/import/mapping.js';
import { loadMapping, mappingKind, saveMapping } from '../../data/import/saved-mappings.js';
import { IMPORT_FORMATS } from '../../data/import/types.js';
import { Store } from '../../store/store.js';
import { choiceFlag, existingDatabase, FileArgumentError, UsageError } from '../command.js';
import { progressBar } from '../progress.js';

export interface FormatImportFlags {
  db: string;
  companyId: number;
  kind?: string | undefined;
  format?: string | undefined;
  map?: string | undefined;
  dateFormat?: string | undefined;
  dryRun: boolean;
  goodRows: boolean;
  report?: string | undefined;
  saveMap?: string | undefined;
  json: boolean;
}

/** Largest statement read into memory (a 100,000-transaction OFX is about 25 MB). */
const MAX_STATEMENT_BYTES = 512 * 1024 * 1024;

/** Whether the file's first bytes are Kira's own CSV header (then the streamed CSV import takes it). */
export function isKiraCsv(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return detectFormat(buf.subarray(0, n).toString('utf8')).format === 'kira-csv';
  } finally {
    closeSync(fd);
  }
}

function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (e) {
    throw new FileArgumentError(`${path} is not a JSON mapping file: ${(e as Error).message}`);
  }
}

function describe(e: RowError): string {
  const where = e.column ? `line ${e.line}, ${e.column}` : `line ${e.line}`;
  return `  ${where}: ${e.reason}${e.value ? ` (got "${e.value}")` : ''}`;
}

export async function runFormatImport(flags: FormatImportFlags, file: string): Promise<number> {
  const kind: ImportKind | undefined = flags.kind === undefined ? undefined : choiceFlag(flags.kind, IMPORT_KINDS, 'kind');
  const format: ImportFormat = choiceFlag(flags.format, IMPORT_FORMATS, 'format', 'auto');
  if (flags.report && !flags.goodRows) throw new UsageError('--report goes with --good-rows');
  const store = Store.open(existingDatabase(flags.db));
  try {
    if (flags.saveMap) {
      // `kira import --save-map NAME FILE`: FILE is the mapping (JSON), saved for the company under NAME.
      const saved = saveMapping(store, flags.companyId, flags.saveMap, readJsonFile(file));
      process.stdout.write(`saved mapping "${saved.name}" for company ${flags.companyId}\n`);
      return 0;
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new FileArgumentError(`cannot read ${file}`);
    }
    if (size > MAX_STATEMENT_BYTES) throw new FileArgumentError(`${file} is larger than ${MAX_STATEMENT_BYTES / 1024 ** 2} MiB`);
    let mapping: Mapping | undefined;
    if (flags.map) {
      // A path that exists is a mapping file; anything else is a name saved for the company.
      if (existsSync(flags.map)) {
        const json = readJsonFile(flags.map);
        mapping = validateMapping(json, kind ?? mappingKind(json));
      } else {
        try {
          mapping = loadMapping(store.db, flags.companyId, flags.map, kind ?? null);
        } catch (e) {
          if (isKiraError(e) && e.code === 'not_found')
            throw new FileArgumentError(
              `--map ${flags.map}: no such file, and no mapping of that name saved for company ${flags.companyId}`,
            );
          throw e;
        }
      }
    }
    const { digits } = companyMoney(store, flags.companyId);
    const bar = flags.json ? undefined : progressBar('import', 1);
    const sink = flags.report ? fileWriter(flags.report) : undefined;
    try {
      const r = await importFile(store, flags.companyId, readFileSync(file), {
        format,
        mode: flags.goodRows ? 'good-rows' : 'all-or-nothing',
        dryRun: flags.dryRun,
        ...(kind ? { kind } : {}),
        ...(mapping ? { mapping } : {}),
        ...(flags.dateFormat ? { dateFormat: flags.dateFormat } : {}),
        ...(sink ? { report: sink } : {}),
        onProgress: (p) => bar?.update(p.done, p.total),
      });
      bar?.done();
      return report(r, flags, digits);
    } finally {
      sink?.close();
    }
  } finally {
    store.close();
  }
}

function fileWriter(path: string): { write(chunk: string): void; close(): void } {
  const fd = openSync(path, 'w');
  // Writes are few (one per rejected field) and synchronous, so the file is complete when the import returns.
  return { write: (chunk) => void writeSync(fd, chunk), close: () => closeSync(fd) };
}

function report(r: ImportFileResult, flags: FormatImportFlags, digits: number): number {
  const money = (n: number) => formatDecimal(n, digits);
  if (r.needs_mapping) {
    if (flags.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      process.stderr.write(
        `This CSV is not Kira's own format, so it needs --map.\nIts first line (the header, unless a title block comes first):\n  ${r.header.join(' | ')}\nFirst lines:\n${r.first_lines.map((l, i) => `  ${i + 1}: ${l}`).join('\n')}\n${HOW_TO_MAP}\n`,
      );
    }
    return 2;
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return r.rejected > 0 && !flags.goodRows ? 1 : 0;
  }
  const out = process.stdout;
  if (r.format === 'kira-csv') {
    out.write(`${r.dry_run ? 'would import' : 'imported'} ${r.imported}, rejected ${r.rejected}\n`);
    if (r.dry_run) out.write('dry run: nothing was changed\n');
  } else if ('kind' in r) {
    out.write(
      `invoices: ${r.dry_run ? 'would import' : 'imported'} ${r.imported}; ${r.duplicates} duplicates skipped (number already in the books); ${r.rejected} rejected\n`,
    );
    if (r.created_clients > 0) out.write(`created ${r.created_clients} new client(s)\n`);
    if (r.dry_run) out.write('dry run: nothing was changed\n');
  } else {
    const verb = r.dry_run ? 'would import' : 'imported';
    out.write(
      `${r.format}: ${verb} ${r.imported} (${r.expenses} expenses totalling ${money(r.expenses_total)}, ${r.payments} invoice payments totalling ${money(r.payments_total)}); ${r.duplicates} duplicates skipped; ${r.rejected} rejected\n`,
    );
    for (const m of r.matched.slice(0, 20))
      out.write(`  line ${m.line}: ${money(m.amount)} on ${m.date} pays invoice ${m.number} (${m.client})\n`);
    if (r.unmatched.length > 0) {
      out.write(`${r.unmatched.length} money in not matched to an open invoice (not imported; match them on the Data page):\n`);
      for (const u of r.unmatched.slice(0, 20))
        out.write(`  line ${u.line}: ${money(u.amount)} on ${u.date} ${[u.payee, u.description].filter(Boolean).join(' - ')}\n`);
      if (r.unmatched.length > 20) out.write(`  … and ${r.unmatched.length - 20} more\n`);
    }
    if (r.dry_run) out.write('dry run: nothing was changed\n');
  }
  if (r.rejected > 0) {
    const lines = r.errors.map(describe);
    if (r.error_count > r.errors.length) lines.push(`  … and ${r.error_count - r.errors.length} more`);
    process.stderr.write(
      `${flags.goodRows ? `skipped ${r.rejected} bad line(s)` : `nothing imported: ${r.rejected} bad line(s)`}:\n${lines.join('\n')}\n`,
    );
    if (!flags.goodRows) return 1;
  }
  return 0;
}
