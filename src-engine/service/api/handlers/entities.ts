/**
 * Lists and writes of clients, quotes, invoices, expenses, and CSV imports: resolve the company, then call the
 * store's read/write API (src-engine/store/reads, store/writes) or the importer (src-engine/data). Writes
 * publish their ChangeEvent on commit; the cache invalidates from it synchronously.
 */
import { Readable } from 'node:stream';
import { importCsv } from '../../../data/index.js';
import { listClients } from '../../../store/reads/clients.js';
import { listExpenses } from '../../../store/reads/expenses.js';
import { listInvoices } from '../../../store/reads/invoices.js';
import { listQuotes } from '../../../store/reads/quotes.js';
import { createClient, deleteClient, updateClient } from '../../../store/writes/clients.js';
import { createExpense, deleteExpense, updateExpense } from '../../../store/writes/expenses.js';
import { createInvoice, deleteInvoice, setInvoiceStatus, updateInvoice } from '../../../store/writes/invoices.js';
import { convertQuote, createQuote, deleteQuote, updateQuote } from '../../../store/writes/quotes.js';
import type { HandlerContext } from '../context.js';
import { companyOrDefault } from '../../../store/reads/companies.js';
import type { HandlerTable, PlainHandler } from '../handler-types.js';
import { LIMITS } from '../schemas.js';
import type { HandlerName, ImportInput } from '../../../core/api/index.js';
import type { ImportFormatsName } from './import-formats.js';

// The statement/mapping imports live in import-formats.ts.
type EntityName = Exclude<
  Extract<HandlerName, `clients.${string}` | `quotes.${string}` | `invoices.${string}` | `expenses.${string}` | `import.${string}`>,
  ImportFormatsName
>;

const companyOf = (ctx: HandlerContext, input: { company?: number }) => companyOrDefault(ctx.store.db, input.company).id;

function write<N extends EntityName>(handle: PlainHandler<N>['handle']): PlainHandler<N> {
  return { kind: 'plain', write: true, handle };
}

const deleted = (id: number) => ({ id, deleted: true as const });

function importer(kind: 'expenses' | 'invoices'): PlainHandler<'import.expenses' | 'import.invoices'> {
  return write(async (ctx, input: ImportInput & { mode?: 'all-or-nothing' | 'good-rows' }) => {
    const company = companyOf(ctx, input);
    // HTTP streams the request body in (already byte-capped); IPC passes the file's text.
    const source = typeof input.body === 'string' ? Readable.from([input.body]) : (input.body as Readable);
    const result = await importCsv(ctx.store, company, kind, source, {
      maxBytes: LIMITS.importBytes,
      mode: input.mode,
      onProgress: (p) => ctx.hooks.progress?.(company, 'import-progress', { kind, ...p }),
    });
    const { imported, rejected } = result;
    ctx.hooks.progress?.(company, 'import-progress', { kind, done: true, imported, rejected }, true);
    return result;
  });
}

export const entityHandlers: Pick<HandlerTable, EntityName> = {
  'clients.list': { kind: 'plain', handle: (ctx, input) => listClients(ctx.store.db, companyOf(ctx, input), input) },
  'clients.create': write((ctx, input) => createClient(ctx.store, companyOf(ctx, input), input.body, ctx.now())),
  'clients.update': write((ctx, input) => updateClient(ctx.store, companyOf(ctx, input), input.id, input.body)),
  'clients.delete': write((ctx, input) => {
    deleteClient(ctx.store, companyOf(ctx, input), input.id);
    return deleted(input.id);
  }),
  'quotes.list': { kind: 'plain', handle: (ctx, input) => listQuotes(ctx.store.db, companyOf(ctx, input), input) },
  'quotes.create': write((ctx, input) => createQuote(ctx.store, companyOf(ctx, input), input.body)),
  'quotes.update': write((ctx, input) => updateQuote(ctx.store, companyOf(ctx, input), input.id, input.body)),
  'quotes.delete': write((ctx, input) => {
    deleteQuote(ctx.store, companyOf(ctx, input), input.id);
    return deleted(input.id);
  }),
  'quotes.convert': write((ctx, input) => convertQuote(ctx.store, companyOf(ctx, input), input.id, input.body ?? {}, ctx.now())),
  'invoices.list': { kind: 'plain', handle: (ctx, input) => listInvoices(ctx.store.db, companyOf(ctx, input), input, ctx.now()) },
  'invoices.create': write((ctx, input) => createInvoice(ctx.store, companyOf(ctx, input), input.body, ctx.now())),
  'invoices.update': write((ctx, input) => updateInvoice(ctx.store, companyOf(ctx, input), input.id, input.body, ctx.now())),
  'invoices.delete': write((ctx, input) => {
    deleteInvoice(ctx.store, companyOf(ctx, input), input.id);
    return deleted(input.id);
  }),
  'invoices.status': write((ctx, input) => setInvoiceStatus(ctx.store, companyOf(ctx, input), input.id, input.body, ctx.now())),
  'expenses.list': { kind: 'plain', handle: (ctx, input) => listExpenses(ctx.store.db, companyOf(ctx, input), input) },
  'expenses.create': write((ctx, input) => createExpense(ctx.store, companyOf(ctx, input), input.body)),
  'expenses.update': write((ctx, input) => updateExpense(ctx.store, companyOf(ctx, input), input.id, input.body)),
  'expenses.delete': write((ctx, input) => {
    deleteExpense(ctx.store, companyOf(ctx, input), input.id);
    return deleted(input.id);
  }),
  'import.expenses': importer('expenses'),
  'import.invoices': importer('invoices'),
};
