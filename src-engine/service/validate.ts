/**
 * Input validation shared by every transport: one ajv instance, one compiled validator per handler. Query
 * strings arrive as text, so types are coerced ("7" → 7); the first failure becomes a ValidationError that
 * names the offending parameter (or body field).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ROUTES, type HandlerName } from '../core/api.js';
import { ValidationError } from '../core/errors.js';
import { SCHEMAS } from './schemas.js';

const ajv = new Ajv({ coerceTypes: true, allErrors: false, strict: false });
const compiled = new Map<HandlerName, ValidateFunction>();

function validatorFor(name: HandlerName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    v = ajv.compile(SCHEMAS[name]);
    compiled.set(name, v);
  }
  return v;
}

/** Validate (and coerce, in a copy) the input of `name`; returns the checked input. */
export function validateInput(name: HandlerName, raw: unknown): Record<string, unknown> {
  const input: Record<string, unknown> = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as object) } : {};
  const validate = validatorFor(name);
  if (!validate(input)) throw toValidationError(validate.errors?.[0]);
  return input;
}

function toValidationError(err: ErrorObject | undefined): ValidationError {
  if (!err) return new ValidationError('invalid input');
  const segments = err.instancePath.split('/').filter(Boolean);
  const p = err.params as Record<string, unknown>;
  const leaf =
    err.keyword === 'additionalProperties' ? String(p.additionalProperty) : err.keyword === 'required' ? String(p.missingProperty) : undefined;
  if (leaf) segments.push(leaf);
  const inBody = segments[0] === 'body';
  const name = (inBody ? segments.slice(1) : segments).join('.') || (inBody ? 'body' : 'input');
  const what =
    err.keyword === 'additionalProperties' ? 'is not a known parameter' : err.keyword === 'required' ? 'is required' : (err.message ?? 'is invalid');
  return new ValidationError(`${name} ${what}`, inBody ? { field: name } : { param: name });
}

/** Whether a handler takes a request body (POST/PATCH) — fixes where the HTTP adapter reads input from. */
export function takesBody(name: HandlerName): boolean {
  const schema = SCHEMAS[name] as { properties?: Record<string, unknown> };
  return Boolean(schema.properties && 'body' in schema.properties) && ROUTES[name].method !== 'GET';
}
