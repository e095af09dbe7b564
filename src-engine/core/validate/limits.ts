/**
 * Caps on what one request may hold or ask for, so a single request can never ask for unbounded storage or work:
 * the one limits module the API declarations (core/api/), the write validators, the imports and the forms read.
 */
export const LIMITS = {
  maxLines: 200,
  nameLength: 200,
  emailLength: 320,
  phoneLength: 50,
  descriptionLength: 500,
  /** Invoice numbers written by hand or imported (`INV-2025-0042`). */
  documentNumberLength: 40,
  maxPageSize: 100,
  defaultPageSize: 50,
  maxPage: 1_000_000,
  /** Trend buckets per request. */
  maxPeriods: 120,
  /** Views in one `dashboard.batch`. */
  maxBatchRequests: 20,
  /** A JSON request body (HTTP). */
  jsonBodyBytes: 1024 * 1024,
  /** A file imported through the API (streamed, byte-capped). */
  importBytes: 256 * 1024 * 1024,
  /** A statement transaction's idempotency key, given back when matching money in by hand. */
  importKeyLength: 200,
  /** A saved CSV mapping's name. */
  mappingNameLength: 64,
  /** A mapping given inline as JSON text (the Data page's edited, unsaved mapping). */
  mappingJsonLength: 20_000,
  /** Top-level keys of a mapping object (columns, date_format, decimal…). */
  mappingKeys: 20,
  /** A date format pattern such as `DD/MM/YYYY`. */
  dateFormatLength: 40,
  /** Rows an import preview may ask for. */
  previewRows: 200,
  /** Default payment term and quote validity when the input leaves the date out. */
  defaultTermDays: 30,
} as const;
