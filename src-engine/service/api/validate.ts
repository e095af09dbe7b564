/**
 * Input validation shared by every transport: one ajv instance, one compiled validator per handler, compiled from
 * the contract's input schemas (core/api/, via schemas.ts). Nothing is coerced: a string is not a boolean and "1"
 * is not a number. Query parameters and path segments are text by nature (HTTP), so `paramsFromText` converts them strictly per schema first — an integer only from /^-?\d+$/,
 * a boolean only from "true"/"false" — and a request body is validated exactly as sent. The first failure
 * becomes a ValidationError that names the offending parameter (or body field).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ROUTES, type HandlerName } from '../../core/api/index.js';
import { ValidationError } from '../../core/errors.js';
import { SCHEMAS } from './schemas.js';

const ajv = new Ajv({ coerceTypes: false, allErrors: false, strict: false });
const compiled = new Map<HandlerName, ValidateFunction>();

function validatorFor(name: HandlerName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(SCHEMAS[name]);
    compiled.set(name, v);
  }
  return v;
}

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?$/;

function typesOf(schema: unknown): readonly string[] {
  if (!schema || typeof schema !== 'object') return [];
  const t = (schema as { type?: unknown }).type;
  return typeof t === 'string' ? [t] : Array.isArray(t) ? (t as unknown[]).filter((x): x is string => typeof x === 'string') : [];
}

/** One text value → the schema's type, or the text unchanged (so the validator refuses it by name). */
function fromText(text: string, schema: unknown): unknown {
  const types = typesOf(schema);
  if (types.length === 0 || types.includes('string')) return text;
  if (types.includes('integer') && INTEGER_TEXT.test(text)) return Number(text);
  if (types.includes('number') && NUMBER_TEXT.test(text)) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * The one place text becomes typed: every top-level parameter (query string, path segment) that arrives as a
 * string is converted strictly per its schema. `body` is never touched — JSON carries its own types.
 */
export function paramsFromText(name: HandlerName, input: Record<string, unknown>): Record<string, unknown> {
  const schema = SCHEMAS[name] as { properties?: Record<string, unknown>; additionalProperties?: unknown };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (k === 'body' || typeof v !== 'string') {
      out[k] = v;
      continue;
    }
    const prop = schema.properties && Object.hasOwn(schema.properties, k) ? schema.properties[k] : schema.additionalProperties;
    out[k] = fromText(v, prop);
  }
  return out;
}

/** Validate the input of `name` (parameters converted from text first, in a copy); returns the checked input. */
export function validateInput(name: HandlerName, raw: unknown): Record<string, unknown> {
  const input = paramsFromText(name, raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {});
  const validate = validatorFor(name);
  if (!validate(input)) throw toValidationError(validate.errors?.[0]);
  return input;
}

function toValidationError(err: ErrorObject | undefined): ValidationError {
  if (!err) return new ValidationError('invalid input');
  const segments = err.instancePath.split('/').filter(Boolean);
  const p = err.params as Record<string, unknown>;
  const leaf =
    err.keyword === 'additionalProperties'
      ? String(p.additionalProperty)
      : err.keyword === 'required'
        ? String(p.missingProperty)
        : undefined;
  if (leaf) segments.push(leaf);
  const inBody = segments[0] === 'body';
  const name = (inBody ? segments.slice(1) : segments).join('.') || (inBody ? 'body' : 'input');
  const what =
    err.keyword === 'additionalProperties'
      ? 'is not a known parameter'
      : err.keyword === 'required'
        ? 'is required'
        : (err.message ?? 'is invalid');
  return new ValidationError(`${name} ${what}`, inBody ? { field: name } : { param: name });
}

/** Whether a handler takes a request body (POST/PATCH) — fixes where the HTTP adapter reads input from. */
export function takesBody(name: HandlerName): boolean {
  const schema = SCHEMAS[name] as { properties?: Record<string, unknown> };
  return Boolean(schema.properties && 'body' in schema.properties) && ROUTES[name].method !== 'GET';
}
