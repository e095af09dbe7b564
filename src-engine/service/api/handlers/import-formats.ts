/**
 * The Data page's import handlers: preview a dropped file as mapped, import it (statements and mapped CSVs,
 * exactly once), list and save mappings per company, and match unmatched money in to an invoice by hand.
 * The file streams in over HTTP (byte-capped, like the CSV import) or arrives as text / bytes over IPC.
 */
import type { Readable } from 'node:stream';
import { PayloadTooLargeError, UnprocessableError, ValidationError } from '../../../core/errors.js';
import { abortedUpload } from '../../../data/csv-import.js';
import { importFile, previewFile } from '../../../data/import/import-file.js';
import { validateMapping, type Mapping } from '../../../data/import/mapping.js';
import { matchMoneyIn } from '../../../data/import/match-invoice.js';
import { listMappings, loadMapping, mappingKind, saveMapping } from '../../../data/import/saved-mappings.js';
import type { HandlerContext } from '../context.js';
import { companyOrDefault } from '../../../store/reads/companies.js';
import type { HandlerTable } from '../handler-types.js';
import type { StatementFileInput } from '../../../core/api/index.js';
import { LIMITS } from '../schemas.js';

export type ImportFormatsName = 'import.preview' | 'import.statement' | 'import.mappings' | 'import.saveMapping' | 'import.match';

async function readBody(body: StatementFileInput['body']): Promise<Uint8Array> {
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as Readable) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += b.length;
      if (size > LIMITS.importBytes)
        throw new PayloadTooLargeError(`an import may be at most ${LIMITS.importBytes} bytes`, { limit: LIMITS.importBytes });
      chunks.push(b);
    }
  } catch (e) {
    throw abortedUpload(e) ?? e;
  }
  return Buffer.concat(chunks);
}

function mappingOf(ctx: HandlerContext, company: number, input: StatementFileInput): Mapping | undefined {
  if (input.mapping !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(input.mapping);
    } catch {
      throw new ValidationError('mapping must be JSON text (the mapping file)', { param: 'mapping' }, 'invalid_mapping');
    }
    return validateMapping(json, input.kind ?? mappingKind(json));
  }
  if (input.map !== undefined) return loadMapping(ctx.store.db, company, input.map, input.kind ?? null);
  return undefined;
}

const companyOf = (ctx: HandlerContext, input: { company?: number }) => companyOrDefault(ctx.store.db, input.company).id;

export const importFormatHandlers: Pick<HandlerTable, ImportFormatsName> = {
  'import.preview': {
    kind: 'plain',
    handle: async (ctx, input: StatementFileInput) => {
      const company = companyOf(ctx, input);
      const mapping = mappingOf(ctx, company, input);
      const bytes = await readBody(input.body);
      return previewFile(ctx.store, company, bytes, {
        ...(input.format ? { format: input.format } : {}),
        ...(mapping ? { mapping } : {}),
        ...(input.date_format ? { dateFormat: input.date_format } : {}),
        ...(input.rows ? { rows: input.rows } : {}),
      });
    },
  },
  'import.statement': {
    kind: 'plain',
    write: true,
    handle: async (ctx, input: StatementFileInput) => {
      const company = companyOf(ctx, input);
      const mapping = mappingOf(ctx, company, input);
      const bytes = await readBody(input.body);
      const result = await importFile(ctx.store, company, bytes, {
        ...(input.format ? { format: input.format } : {}),
        ...(input.kind ? { kind: input.kind } : {}),
        ...(mapping ? { mapping } : {}),
        ...(input.date_format ? { dateFormat: input.date_format } : {}),
        ...(input.mode ? { mode: input.mode } : {}),
        dryRun: input.dry_run === true,
        now: ctx.now(),
        onProgress: (p) => ctx.hooks.progress?.(company, 'import-progress', { kind: 'statement', ...p }),
      });
      ctx.hooks.progress?.(company, 'import-progress', { kind: 'statement', done: true }, true);
      // A write that could not run is an error, not a 2xx (the CLI exits 2 here): the file's header and how to map
      // it travel in the details, as `import.preview` shows them.
      if (result.needs_mapping) {
        const { header, first_lines, how } = result;
        throw new UnprocessableError(
          "this CSV is not in Kira's columns: choose or write a mapping (map or mapping)",
          { header, first_lines, how },
          'mapping_required',
        );
      }
      return result;
    },
  },
  'import.mappings': { kind: 'plain', handle: (ctx, input) => ({ items: listMappings(ctx.store.db, companyOf(ctx, input)) }) },
  'import.saveMapping': {
    kind: 'plain',
    write: true,
    handle: (ctx, input) => saveMapping(ctx.store, companyOf(ctx, input), input.body.name, input.body.mapping, ctx.now()),
  },
  'import.match': {
    kind: 'plain',
    write: true,
    handle: (ctx, input) => matchMoneyIn(ctx.store, companyOf(ctx, input), input.body, ctx.now()),
  },
};
