/**
 * The building blocks of the API declarations (one file per group beside this one). A declaration is plain data:
 * method, path, success status, and TypeBox schemas for the input and the result. TypeBox builders return plain
 * JSON Schema objects, so the input schema *is* what HTTP and IPC validate with (service/api/validate.ts, ajv
 * without coercion) and `Static<>` gives the TypeScript types: nothing is written twice.
 */
import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One handler: where it is served, what it takes, what it answers. */
export interface Declaration {
  method: HttpMethod;
  /** Fastify-style path; `:id` segments become the `id` input field. */
  path: string;
  /** Served from the response cache (GET views only). */
  cached: boolean;
  /** The success status; `alsoStatus`: other answers that are not errors (health's 503, cancel's 200). */
  status: number;
  alsoStatus?: readonly number[];
  /** One sentence for docs/api.md. */
  summary: string;
  /**
   * Query parameters and `:id` at top level, the request body under `body`: exactly what the transports validate.
   */
  input: TSchema;
  result: TSchema;
  /**
   * For a part the transport checks only loosely (a write body, a list's filters), because a core validator
   * owns its rules and their messages: the full rules, which its TypeScript type and the docs come from.
   */
  rules?: TSchema;
}

/** Keeps each declaration's literal types (method, path, schemas) while checking it is a Declaration. */
export function declare<const D extends Declaration>(d: D): D {
  return d;
}

// ------------------------------------------------------------------------------------------- shared fields

export const DATE = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const ID = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/**
 * "One of these strings" as `{ type: 'string', enum }` (what the transports have always checked, with ajv's
 * "must be equal to one of the allowed values"), typed as the union of the values.
 */
export function stringEnum<const T extends string>(values: readonly T[], options: object = {}): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}

/** A result (or input) whose type lives in core as an interface: the schema names it for the docs. */
export function named<T>(title: string): TUnsafe<T> {
  return Type.Unsafe<T>({ title });
}

/** A closed object: unknown fields are refused by name. */
export function closed<P extends Record<string, TSchema>>(properties: P, options: object = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

// Write bodies checked loosely at the transport: a bounded object whose rules the write API's validators own
// (core/validate/*, which name the field in their errors). The TS type comes from the full rules.
const ANY_BODY = { type: 'object', maxProperties: 50 } as const;

export function looseBody<R extends TSchema>(_rules: R): TUnsafe<Static<R>> {
  return Type.Unsafe<Static<R>>({ ...ANY_BODY });
}
export function loosePatch<R extends TSchema>(_rules: R): TUnsafe<Partial<Static<R>>> {
  return Type.Unsafe<Partial<Static<R>>>({ ...ANY_BODY, minProperties: 1 });
}

/** A file upload: the HTTP body streams in (byte-capped), IPC passes text or bytes; the importer checks it. */
export type UploadBody = string | Uint8Array | AsyncIterable<Uint8Array | string>;
export const UPLOAD = Type.Unsafe<UploadBody>({});

export const COMPANY = { company: Type.Optional(ID) };
export const BY_ID = closed({ ...COMPANY, id: ID });
export const NO_INPUT = closed({});

export const Deleted = Type.Object({ id: Type.Integer(), deleted: Type.Literal(true) }, { title: 'Deleted' });

/** A page of a list: the rows, the count and (for money lists) the sum over every matching row. */
export function ListResult<T extends TSchema>(item: T) {
  return Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer(),
      sum: Type.Optional(Type.Integer()),
      page: Type.Integer(),
      page_size: Type.Integer(),
    },
    { title: `ListResult<${String(item.title)}>` },
  );
}
