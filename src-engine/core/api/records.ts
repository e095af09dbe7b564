/**
 * Clients, quotes, invoices and expenses: lists and writes. Write bodies are declared with every rule
 * (core/validate/limits.ts), which their TypeScript types and the docs come from; the transport checks them only
 * as bounded objects, because the write API's validators (core/validate/*) enforce these rules with the messages
 * and field names clients rely on.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CATEGORY_CODES, INVOICE_STATUSES, QUOTE_STATUSES } from '../categories.js';
import type { Client, Expense, Invoice, Quote } from '../domain.js';
import { MAX_AMOUNT } from '../money.js';
import { LIMITS } from '../validate/limits.js';
import { BY_ID, closed, COMPANY, DATE, declare, Deleted, ID, ListResult, looseBody, loosePatch, named, stringEnum } from './declare.js';

const TEXT = (max: number) => Type.String({ minLength: 1, maxLength: max });
const NULLABLE = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const AMOUNT = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: 'minor units' });
const TAX_RATE = Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points' });

const LineBody = closed({
  description: TEXT(LIMITS.descriptionLength),
  /** A number or decimal text ("1.5"); stored in thousandths. */
  quantity: Type.Union([Type.Number(), Type.String()]),
  unit_price: AMOUNT,
});
const LINES = Type.Array(LineBody, { minItems: 1, maxItems: LIMITS.maxLines });

const ClientBody = closed({
  name: TEXT(LIMITS.nameLength),
  email: Type.Optional(NULLABLE(Type.String({ maxLength: LIMITS.emailLength }))),
  phone: Type.Optional(NULLABLE(Type.String({ maxLength: LIMITS.phoneLength }))),
  active: Type.Optional(Type.Boolean()),
  created_date: Type.Optional(DATE),
});
const QuoteBody = closed({
  client_id: ID,
  status: Type.Optional(stringEnum(QUOTE_STATUSES)),
  issue_date: DATE,
  valid_until: Type.Optional(DATE),
  tax_rate_bp: Type.Optional(TAX_RATE),
  lines: LINES,
});
const InvoiceBody = closed({
  client_id: ID,
  status: Type.Optional(stringEnum(INVOICE_STATUSES)),
  issue_date: DATE,
  due_date: Type.Optional(DATE),
  paid_date: Type.Optional(NULLABLE(DATE)),
  tax_rate_bp: Type.Optional(TAX_RATE),
  lines: LINES,
});
const ExpenseBody = closed({
  date: DATE,
  category: stringEnum(CATEGORY_CODES),
  description: Type.Optional(Type.String({ maxLength: LIMITS.descriptionLength })),
  amount: AMOUNT,
  reimbursable: Type.Optional(Type.Boolean()),
  client_id: Type.Optional(NULLABLE(ID)),
});
const ConvertBody = closed({ issue_date: Type.Optional(DATE), due_date: Type.Optional(DATE) });

/**
 * A list's filters. The store's filter validators (core/validate/list.ts) own them and name them in errors; the
 * transport checks the company, the page and page-size caps, and that every other field is a plain value.
 */
export const ListFilters = Type.Object({
  ...COMPANY,
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxPage })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxPageSize })),
  from: Type.Optional(DATE),
  to: Type.Optional(DATE),
  sort: Type.Optional(Type.String()),
  q: Type.Optional(Type.String()),
  active: Type.Optional(Type.Boolean()),
  status: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  client_id: Type.Optional(ID),
  date_field: Type.Optional(stringEnum(['issue', 'paid'])),
  /** Invoices with status open/overdue: as that day stood by the status history. */
  as_of: Type.Optional(DATE),
  /** Clients created on or before this day. */
  created_to: Type.Optional(DATE),
});
export type ListQuery = Static<typeof ListFilters>;
const LIST_INPUT = Type.Unsafe<ListQuery>({
  type: 'object',
  properties: { company: ListFilters.properties.company, page: ListFilters.properties.page, page_size: ListFilters.properties.page_size },
  additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 200 },
});

const create = <B extends TSchema>(rules: B) => closed({ ...COMPANY, body: looseBody(rules) });
const update = <B extends TSchema>(rules: B) => closed({ ...COMPANY, id: ID, body: loosePatch(rules) });

/** The five handlers of one kind of record. */
function records<K extends string, T, B extends TSchema>(kind: K, type: string, rules: B) {
  const item = named<T>(type);
  const base = `/api/${kind}` as const;
  return {
    list: declare({
      method: 'GET',
      path: base,
      cached: false,
      status: 200,
      summary: `A page of ${kind}, filtered and sorted.`,
      input: LIST_INPUT,
      result: ListResult(item),
      rules: ListFilters,
    }),
    create: declare({
      method: 'POST',
      path: base,
      cached: false,
      status: 201,
      summary: `Create one of the ${kind}.`,
      input: create(rules),
      result: item,
      rules: rules,
    }),
    update: declare({
      method: 'PATCH',
      path: `${base}/:id`,
      cached: false,
      status: 200,
      summary: `Change some fields of one of the ${kind}.`,
      input: update(rules),
      result: item,
      rules: rules,
    }),
    delete: declare({
      method: 'DELETE',
      path: `${base}/:id`,
      cached: false,
      status: 200,
      summary: `Delete one of the ${kind}.`,
      input: BY_ID,
      result: Deleted,
    }),
  } as const;
}

const clients = records<'clients', Client, typeof ClientBody>('clients', 'Client', ClientBody);
const quotes = records<'quotes', Quote, typeof QuoteBody>('quotes', 'Quote', QuoteBody);
const invoices = records<'invoices', Invoice, typeof InvoiceBody>('invoices', 'Invoice', InvoiceBody);
const expenses = records<'expenses', Expense, typeof ExpenseBody>('expenses', 'Expense', ExpenseBody);

export const recordsApi = {
  'clients.list': clients.list,
  'clients.create': clients.create,
  'clients.update': clients.update,
  'clients.delete': clients.delete,
  'quotes.list': quotes.list,
  'quotes.create': quotes.create,
  'quotes.update': quotes.update,
  'quotes.delete': quotes.delete,
  'quotes.convert': declare({
    method: 'POST',
    path: '/api/quotes/:id/convert',
    cached: false,
    status: 201,
    summary: 'Turn a quote into an invoice (its dates may be given).',
    input: closed({ ...COMPANY, id: ID, body: Type.Optional(looseBody(ConvertBody)) }),
    result: named<Invoice>('Invoice'),
    rules: ConvertBody,
  }),
  'invoices.list': invoices.list,
  'invoices.create': invoices.create,
  'invoices.update': invoices.update,
  'invoices.delete': invoices.delete,
  'invoices.status': declare({
    method: 'POST',
    path: '/api/invoices/:id/status',
    cached: false,
    status: 200,
    summary: 'Move an invoice to another status (paid with its day).',
    input: closed({
      ...COMPANY,
      id: ID,
      body: closed({ status: stringEnum(INVOICE_STATUSES), paid_date: Type.Optional(Type.Union([DATE, Type.Null()])) }),
    }),
    result: named<Invoice>('Invoice'),
  }),
  'expenses.list': expenses.list,
  'expenses.create': expenses.create,
  'expenses.update': expenses.update,
  'expenses.delete': expenses.delete,
} as const;
