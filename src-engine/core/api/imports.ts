/**
 * Imports: Kira's own CSVs, bank statements and mapped CSVs (preview, import), saved mappings and matching money
 * in to an invoice by hand. A file arrives as the request body (HTTP streams it in, byte-capped) or as text or
 * bytes (IPC); its content is the importer's to check, row by row.
 */
import { Type } from '@sinclair/typebox';
import type { ImportKind } from '../csv-rows.js';
import type { ImportFileResult, ImportFormat, ImportResult, ManualMatch, Preview, SavedMapping, SavedMappingRow } from '../import/types.js';
import { LIMITS } from '../validate/limits.js';
import { closed, COMPANY, DATE, declare, ID, named, stringEnum, UPLOAD } from './declare.js';

const MODE = stringEnum(['all-or-nothing', 'good-rows']);
const CSV_INPUT = closed({ ...COMPANY, mode: Type.Optional(MODE), body: UPLOAD });
const FILE_INPUT = closed({
  ...COMPANY,
  mode: Type.Optional(MODE),
  format: Type.Optional(stringEnum<ImportFormat>(['auto', 'csv', 'ofx', 'qif', 'camt'])),
  kind: Type.Optional(stringEnum<ImportKind>(['expenses', 'invoices'])),
  /** A mapping saved for the company. */
  map: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.mappingNameLength })),
  /** A mapping given inline as JSON text (the page's edited, unsaved mapping). */
  mapping: Type.Optional(Type.String({ maxLength: LIMITS.mappingJsonLength })),
  date_format: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.dateFormatLength })),
  dry_run: Type.Optional(Type.Boolean()),
  rows: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.previewRows })),
  body: UPLOAD,
});

const csvImport = (kind: 'expenses' | 'invoices') =>
  ({
    method: 'POST',
    path: `/api/import/${kind}`,
    cached: false,
    status: 200,
    summary: `Import ${kind} from Kira's CSV columns (all or nothing, or the good rows).`,
    input: CSV_INPUT,
    result: named<ImportResult>('ImportResult'),
  }) as const;

export const importsApi = {
  'import.expenses': declare(csvImport('expenses')),
  'import.invoices': declare(csvImport('invoices')),
  'import.preview': declare({
    method: 'POST',
    path: '/api/import/preview',
    cached: false,
    status: 200,
    summary: 'Read a file as it would be imported, without writing: its format, first rows and errors.',
    input: FILE_INPUT,
    result: named<Preview>('Preview'),
  }),
  'import.statement': declare({
    method: 'POST',
    path: '/api/import/statement',
    cached: false,
    status: 200,
    summary: 'Import a bank statement (OFX, QIF, CAMT.053) or a mapped CSV, exactly once per transaction.',
    input: FILE_INPUT,
    result: named<ImportFileResult>('ImportFileResult'),
  }),
  'import.mappings': declare({
    method: 'GET',
    path: '/api/import/mappings',
    cached: false,
    status: 200,
    summary: "The company's saved CSV mappings.",
    input: closed(COMPANY),
    result: Type.Object({ items: Type.Array(named<SavedMappingRow>('SavedMappingRow')) }, { title: '{ items: SavedMappingRow[] }' }),
  }),
  'import.saveMapping': declare({
    method: 'POST',
    path: '/api/import/mappings',
    cached: false,
    status: 201,
    summary: 'Save a CSV mapping under a name (replacing one of that name).',
    input: closed({
      ...COMPANY,
      body: closed({
        name: Type.String({ minLength: 1, maxLength: LIMITS.mappingNameLength }),
        mapping: Type.Unsafe<Record<string, unknown>>({ type: 'object', maxProperties: LIMITS.mappingKeys }),
      }),
    }),
    result: named<SavedMapping>('SavedMapping'),
  }),
  'import.match': declare({
    method: 'POST',
    path: '/api/import/match',
    cached: false,
    status: 200,
    summary: 'Record unmatched money in as the payment of an invoice (the key keeps a re-import from repeating it).',
    input: closed({
      ...COMPANY,
      body: closed({
        invoice_id: ID,
        date: DATE,
        amount: Type.Integer({ minimum: 1 }),
        key: Type.String({ minLength: 1, maxLength: LIMITS.importKeyLength }),
      }),
    }),
    result: named<ManualMatch>('ManualMatch'),
  }),
} as const;
