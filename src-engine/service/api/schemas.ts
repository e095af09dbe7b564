/**
 * JSON Schemas of every handler's input, one object per call: query parameters and `:id` path segments as
 * top-level fields, a request body under `body`. HTTP and IPC validate with the same compiled schemas
 * (validate.ts), so a parameter is refused the same way whichever transport carried it.
 */
import { INVOICE_STATUSES } from '../../core/categories.js';
import { GRANULARITIES } from '../../core/dates.js';
import type { HandlerName } from '../../core/api.js';
import { CLIENT_SORTS } from '../../dashboard/types.js';
import { MAX_PAGE_SIZE, MAX_PERIODS } from '../../dashboard/params.js';

export type JsonSchema = Record<string, unknown>;

/** Caps that keep one request from asking for unbounded work. */
export const LIMITS = {
  maxPageSize: MAX_PAGE_SIZE,
  maxPeriods: MAX_PERIODS,
  maxBatchRequests: 20,
  jsonBodyBytes: 1024 * 1024,
  importBytes: 256 * 1024 * 1024,
} as const;

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const ID = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };

const object = (properties: Record<string, unknown>, required: string[] = []): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const companyOnly = { company: ID };
const clientSort = { sort: { type: 'string', enum: [...CLIENT_SORTS] }, order: { type: 'string', enum: ['asc', 'desc'] } };
const viewParams = { company: ID, from: DATE, to: DATE, basis: { type: 'string', enum: ['accrual', 'cash'] } };
// Lists: the store's filter validators (core/validate/list.ts) own the filter fields and name them in errors;
// the transport checks the company, the page-size cap, and that every filter is a plain value.
const listSchema: JsonSchema = {
  type: 'object',
  properties: {
    company: ID,
    page: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    page_size: { type: 'integer', minimum: 1, maximum: LIMITS.maxPageSize },
  },
  additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 200 },
};

// Write bodies: the write API's validators (core/validate/*) own the field rules and name the field in their
// errors; the transport checks only that the body is a bounded object.
const anyBody = { type: 'object', maxProperties: 50 };
const create = object({ ...companyOnly, body: anyBody }, ['body']);
const update = object({ ...companyOnly, id: ID, body: { ...anyBody, minProperties: 1 } }, ['id', 'body']);
const byId = object({ ...companyOnly, id: ID }, ['id']);
// The CSV arrives as a stream (HTTP) or a string (IPC); the importer checks its content row by row.
const importInput = object({ ...companyOnly, mode: { type: 'string', enum: ['all-or-nothing', 'good-rows'] }, body: {} }, ['body']);
// A statement or mapped CSV (streamed like the CSV import); the mapping by saved name or inline JSON text.
const statementFile = object(
  {
    ...companyOnly,
    mode: { type: 'string', enum: ['all-or-nothing', 'good-rows'] },
    format: { type: 'string', enum: ['auto', 'csv', 'ofx', 'qif', 'camt'] },
    kind: { type: 'string', enum: ['expenses', 'invoices'] },
    map: { type: 'string', minLength: 1, maxLength: 64 },
    mapping: { type: 'string', maxLength: 20_000 },
    date_format: { type: 'string', minLength: 1, maxLength: 40 },
    dry_run: { type: 'boolean' },
    rows: { type: 'integer', minimum: 1, maximum: 200 },
    body: {},
  },
  ['body'],
);

// The benchmark panel (bench/panel-runs.ts checks what a schema cannot: the suite exists, the scenarios are
// in it, the URL is loopback unless allow_remote). Header names are HTTP tokens; values never carry CR/LF.
const RUN_ID = { type: 'string', pattern: '^(?:[1-9][0-9]{0,14}|run-[1-9][0-9]{0,8})$' };
const benchTarget = object(
  {
    kind: { type: 'string', enum: ['embedded', 'url'] },
    base_url: { type: 'string', minLength: 1, maxLength: 2000 },
    headers: {
      type: 'object',
      maxProperties: 32,
      propertyNames: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$" },
      additionalProperties: { type: 'string', maxLength: 8192, pattern: '^[^\\r\\n]*$' },
    },
    allow_remote: { type: 'boolean' },
  },
  ['kind'],
);
const benchStart = object({
  body: object({
    suite: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$' },
    definition: { type: 'object' },
    quick: { type: 'boolean' },
    scenarios: { type: 'array', maxItems: 200, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 80 } },
    target: { ...benchTarget, if: { properties: { kind: { const: 'url' } } }, then: { required: ['kind', 'base_url'] } },
    users: { type: 'integer', minimum: 1, maximum: 1000 },
    rate: { type: 'number', minimum: 0.1, maximum: 100_000 },
    duration_ms: { type: 'integer', minimum: 50, maximum: 300_000 },
  }),
});

export const BATCH_VIEWS = ['overview', 'stats', 'trends', 'breakdown', 'kpis', 'clients', 'projections', 'realtime/aggregate'] as const;
export type BatchView = (typeof BATCH_VIEWS)[number];

export const SCHEMAS: Record<HandlerName, JsonSchema> = {
  'dashboard.overview': object(viewParams),
  'dashboard.stats': object(viewParams),
  'dashboard.trends': object({
    ...viewParams,
    granularity: { type: 'string', enum: [...GRANULARITIES] },
    periods: { type: 'integer', minimum: 1, maximum: LIMITS.maxPeriods },
  }),
  'dashboard.breakdown': object(viewParams),
  'dashboard.kpis': object(viewParams),
  'dashboard.clients': object({
    ...viewParams,
    page: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    page_size: { type: 'integer', minimum: 1, maximum: LIMITS.maxPageSize },
    ...clientSort,
  }),
  'dashboard.projections': object(viewParams),
  'dashboard.export': object({
    ...viewParams,
    format: { type: 'string', enum: ['csv', 'json'] },
    kind: { type: 'string', enum: ['overview', 'transactions', 'clients', 'trends'] },
    granularity: { type: 'string', enum: [...GRANULARITIES] },
    periods: { type: 'integer', minimum: 1, maximum: LIMITS.maxPeriods },
    ...clientSort,
  }),
  'dashboard.refresh': object(companyOnly),
  'dashboard.realtimeAggregate': object({ company: ID, basis: viewParams.basis }),
  'dashboard.realtimeRecalculate': object(companyOnly),
  'dashboard.health': object({}),
  'dashboard.metrics': object({}),
  'dashboard.batch': object(
    {
      ...companyOnly,
      body: object(
        {
          requests: {
            type: 'array',
            minItems: 1,
            maxItems: LIMITS.maxBatchRequests,
            items: object({ view: { type: 'string', enum: [...BATCH_VIEWS] }, params: { type: 'object' } }, ['view']),
          },
        },
        ['requests'],
      ),
    },
    ['body'],
  ),
  'reports.aging': object({ company: ID, as_of: DATE, detail: { type: 'boolean' }, client: ID }),
  'reports.pnl': object({ ...viewParams, by: { type: 'string', enum: ['month', 'quarter'] } }),
  'reports.file': object(
    {
      ...viewParams,
      as_of: DATE,
      by: { type: 'string', enum: ['month', 'quarter'] },
      kind: { type: 'string', enum: ['aging', 'pnl'] },
      format: { type: 'string', enum: ['csv', 'xlsx', 'pdf'] },
    },
    ['kind', 'format'],
  ),
  'companies.list': object({}),
  'clients.list': listSchema,
  'clients.create': create,
  'clients.update': update,
  'clients.delete': byId,
  'quotes.list': listSchema,
  'quotes.create': create,
  'quotes.update': update,
  'quotes.delete': byId,
  'quotes.convert': object({ ...companyOnly, id: ID, body: anyBody }, ['id']),
  'invoices.list': listSchema,
  'invoices.create': create,
  'invoices.update': update,
  'invoices.delete': byId,
  'invoices.status': object(
    {
      ...companyOnly,
      id: ID,
      body: object({ status: { type: 'string', enum: [...INVOICE_STATUSES] }, paid_date: { anyOf: [DATE, { type: 'null' }] } }, ['status']),
    },
    ['id', 'body'],
  ),
  'expenses.list': listSchema,
  'expenses.create': create,
  'expenses.update': update,
  'expenses.delete': byId,
  'import.expenses': importInput,
  'import.invoices': importInput,
  'import.preview': statementFile,
  'import.statement': statementFile,
  'import.mappings': object(companyOnly),
  'import.saveMapping': object(
    {
      ...companyOnly,
      body: object({ name: { type: 'string', minLength: 1, maxLength: 64 }, mapping: { type: 'object', maxProperties: 20 } }, [
        'name',
        'mapping',
      ]),
    },
    ['body'],
  ),
  'import.match': object(
    {
      ...companyOnly,
      body: object(
        { invoice_id: ID, date: DATE, amount: { type: 'integer', minimum: 1 }, key: { type: 'string', minLength: 1, maxLength: 200 } },
        ['invoice_id', 'date', 'amount', 'key'],
      ),
    },
    ['body'],
  ),
  'bench.suites': object({}),
  'bench.start': benchStart,
  'bench.list': object({ limit: { type: 'integer', minimum: 1, maximum: 500 } }),
  'bench.get': object({ id: RUN_ID }, ['id']),
  'bench.cancel': object({ id: RUN_ID }, ['id']),
};
