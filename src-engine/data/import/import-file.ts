/**
 * One file into one company, whatever its format: Kira's own CSV goes to the streamed CSV import
 * (data/csv-import.ts); bank statements and mapped CSVs go through the parsers here and importStatement;
 * a foreign CSV without a mapping is answered with its first lines and how to map it. Shared by the CLI and
 * the HTTP/IPC handlers; `previewFile` is the page's "first rows as mapped".
 */
import { Readable } from 'node:stream';
import type { ImportKind } from '../../core/csv-rows.js';
import { minorDigits } from '../../core/money.js';
import { getCompany } from '../../store/reads/companies.js';
import type { Store } from '../../store/store.js';
import { importCsv } from '../csv-import.js';
import type { DetectedFormat, ImportFileResult, ImportFormat, NeedsMapping, Preview, PreviewRow } from '../../core/import/types.js';
import { detectFormat } from './detect.js';
import { categorize, type Mapping } from './mapping.js';
import { importMappedInvoices } from './mapped-invoices.js';
import { parseStatementText } from './parse.js';
import { importStatement, type StatementImportOptions } from './statement-import.js';
import { decodeText } from './text.js';

export interface ImportFileOptions extends Omit<StatementImportOptions, 'mapping'> {
  format?: ImportFormat;
  /** Only for CSVs (Kira's own needs it when detection cannot tell; a mapped one takes it from the mapping). */
  kind?: ImportKind;
  mapping?: Mapping;
  dateFormat?: string;
}

export const HOW_TO_MAP =
  'Map its columns with a mapping file (JSON: columns {date, description, amount | debit + credit, category…}, date_format, decimal, thousands, skip_rows, delimiter, category, category_rules) given as --map FILE, or saved under a name with kira import --save-map NAME FILE and used as --map NAME (or saved from the Data page).';

export function companyMoney(store: Store, companyId: number): { digits: number; timeZone: string } {
  const row = getCompany(store.db, companyId);
  return { digits: minorDigits(row.currency), timeZone: row.time_zone };
}

function detectFile(bytes: Uint8Array, format: ImportFormat = 'auto'): { format: DetectedFormat; kind?: ImportKind; text: string } {
  const text = decodeText(bytes);
  if (format !== 'auto') return { format, text };
  return { ...detectFormat(text.slice(0, 8192)), text };
}

function needsMapping(text: string): NeedsMapping {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 10)
    .filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  const delimiter = [',', ';', '\t'].sort((a, b) => first.split(b).length - first.split(a).length)[0]!;
  return {
    needs_mapping: true,
    format: 'csv',
    header: first.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '')),
    first_lines: lines.slice(0, 6),
    how: HOW_TO_MAP,
  };
}

export async function importFile(
  store: Store,
  companyId: number,
  bytes: Uint8Array,
  opts: ImportFileOptions = {},
): Promise<ImportFileResult> {
  const { digits, timeZone } = companyMoney(store, companyId);
  const detected = detectFile(bytes, opts.format);
  const own =
    detected.format === 'kira-csv' ||
    (detected.format === 'csv' && !opts.mapping && detectFormat(detected.text.slice(0, 8192)).format === 'kira-csv');
  if (own) {
    const kind = opts.kind ?? detected.kind ?? 'expenses';
    const r = await importCsv(store, companyId, kind, Readable.from([Buffer.from(bytes)]), {
      ...(opts.mode ? { mode: opts.mode } : {}),
      ...(opts.report ? { report: opts.report } : {}),
      ...(opts.dryRun ? { dryRun: true } : {}),
    });
    // Kira's own CSV has no idempotency key (its rows carry no id): duplicates is 0 by definition, kept for the shape.
    return { needs_mapping: false, format: 'kira-csv', duplicates: 0, ...r };
  }
  if (detected.format === 'csv' && !opts.mapping) return needsMapping(detected.text);
  if (detected.format === 'csv' && opts.mapping && (opts.kind === 'invoices' || 'number' in opts.mapping.columns)) {
    return {
      needs_mapping: false,
      ...(await importMappedInvoices(store, companyId, detected.text, opts.mapping, digits, {
        ...(opts.dryRun ? { dryRun: true } : {}),
        ...(opts.mode ? { mode: opts.mode } : {}),
      })),
    };
  }
  const parsed = parseStatementText(detected.text, {
    format: detected.format === 'kira-csv' ? 'csv' : detected.format,
    digits,
    timeZone,
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    ...(opts.dateFormat ? { dateFormat: opts.dateFormat } : {}),
  });
  const { format: _f, kind: _k, mapping, dateFormat: _d, ...rest } = opts;
  return { needs_mapping: false, ...importStatement(store, companyId, parsed, { ...rest, ...(mapping ? { mapping } : {}) }) };
}

/** Parse and map without touching the books: the first `rows` transactions as they would be read, and the errors. */
export function previewFile(
  store: Store,
  companyId: number,
  bytes: Uint8Array,
  opts: { format?: ImportFormat; mapping?: Mapping; dateFormat?: string; rows?: number } = {},
): Preview {
  const { digits, timeZone } = companyMoney(store, companyId);
  const detected = detectFile(bytes, opts.format);
  const base = {
    format: detected.format,
    header: [] as string[],
    first_lines: [] as string[],
    rows: [] as PreviewRow[],
    row_count: 0,
    errors: [],
    error_count: 0,
    money_out: 0,
    money_in: 0,
  };
  if (detected.format === 'kira-csv') return { ...base, needs_mapping: false, header: detected.text.split(/\r?\n/, 1)[0]!.split(',') };
  if (detected.format === 'csv' && !opts.mapping) {
    const n = needsMapping(detected.text);
    return { ...base, needs_mapping: true, header: n.header, first_lines: n.first_lines };
  }
  const parsed = parseStatementText(detected.text, {
    format: detected.format,
    digits,
    timeZone,
    ...(opts.mapping ? { mapping: opts.mapping } : {}),
    ...(opts.dateFormat ? { dateFormat: opts.dateFormat } : {}),
  });
  const limit = opts.rows ?? 20;
  return {
    ...base,
    needs_mapping: false,
    header: 'header' in parsed && Array.isArray(parsed.header) ? (parsed.header as string[]) : [],
    first_lines: detected.text.split(/\r?\n/, 6),
    rows: parsed.txns.slice(0, limit).map((t) => ({
      line: t.line,
      date: t.date,
      amount: t.amount,
      payee: t.payee,
      description: t.description,
      category:
        t.amount < 0 && opts.mapping
          ? categorize(opts.mapping, [t.payee, t.description].filter(Boolean).join(' - '), t.category)
          : t.amount < 0
            ? 'other'
            : null,
    })),
    row_count: parsed.txns.length,
    errors: parsed.errors.slice(0, 100),
    error_count: parsed.errors.length,
    money_out: parsed.txns.reduce((s, t) => s + (t.amount < 0 ? -t.amount : 0), 0),
    money_in: parsed.txns.reduce((s, t) => s + (t.amount > 0 ? t.amount : 0), 0),
  };
}
