/** One entry point for every statement format: bytes + chosen format (or auto) → transactions. Pure. */
import { ValidationError } from '../../core/errors.js';
import { parseCamt } from './camt.js';
import { parseMappedCsv } from './csv-mapped.js';
import type { DetectedFormat, ImportFormat } from '../../core/import/types.js';
import { detectFormat } from './detect.js';
import { DEFAULT_MAPPING, type Mapping } from './mapping.js';
import { parseOfx } from './ofx.js';
import { parseQif } from './qif.js';
import { decodeText } from './text.js';
import type { ParsedStatement } from './types.js';

export interface ParseOptions {
  format: ImportFormat;
  /** Required for a CSV; for statements only its category settings and (QIF) date format/separators are used. */
  mapping?: Mapping;
  /** `--date-format`: overrides the mapping's. */
  dateFormat?: string;
  digits: number;
  timeZone: string;
}

function resolveFormat(text: string, format: ImportFormat): DetectedFormat {
  if (format !== 'auto') return format;
  return detectFormat(text.slice(0, 8192)).format;
}

export function parseStatement(bytes: Uint8Array, opts: ParseOptions): ParsedStatement {
  return parseStatementText(decodeText(bytes), opts);
}

/** The same from text already decoded (the import decodes once to detect the format, then parses). */
export function parseStatementText(text: string, opts: ParseOptions): ParsedStatement {
  const format = resolveFormat(text, opts.format);
  const mapping = opts.mapping ?? DEFAULT_MAPPING;
  switch (format) {
    case 'ofx':
      return parseOfx(text, opts);
    case 'camt':
      return parseCamt(text, opts);
    case 'qif': {
      const dateFormat = opts.dateFormat ?? (mapping.date_format_given ? mapping.date_format : undefined);
      return parseQif(text, {
        digits: opts.digits,
        numbers: { decimal: mapping.decimal, thousands: mapping.thousands },
        ...(dateFormat ? { dateFormat } : {}),
      });
    }
    case 'csv':
    case 'kira-csv': {
      if (!opts.mapping) throw new ValidationError('A CSV needs a mapping (--map NAME or FILE).', {}, 'mapping_required');
      const m = opts.dateFormat ? { ...opts.mapping, date_format: opts.dateFormat } : opts.mapping;
      return parseMappedCsv(text, m, opts.digits);
    }
  }
}
