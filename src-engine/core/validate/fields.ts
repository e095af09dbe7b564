/**
 * Reading fields out of untrusted input (`unknown` from JSON, IPC, CSV). Each check throws a ValidationError
 * whose message and `details.field` name the offending field, so every transport can say exactly what was
 * wrong. Absent fields read as `undefined`; `null` is only accepted where a field is nullable.
 */
import { MAX_AMOUNT } from '../money.js';
import { isIsoDate, type IsoDate } from '../dates.js';
import { ValidationError } from '../errors.js';

export type Input = Record<string, unknown>;

export function invalid(field: string, problem: string, value?: unknown): ValidationError {
  return new ValidationError(`${field} ${problem}`, value === undefined ? { field } : { field, value }, 'invalid_field');
}

/** Whether `value` is one of `allowed` (narrows it to the union). */
export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** The one wording of an enum refusal, for every transport: "must be one of a, b, c". */
export function oneOfProblem(allowed: readonly string[]): string {
  return `must be one of ${allowed.join(', ')}`;
}

/**
 * `value` when it is one of `allowed`, else "`name` must be one of a, b, c". The error is `invalid()`'s (a
 * field) unless the caller names another maker: a query parameter, a CLI flag.
 */
export function oneOf<T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
  fail: (name: string, problem: string, value: unknown) => Error = invalid,
): T {
  if (isOneOf(value, allowed)) return value;
  throw fail(name, oneOfProblem(allowed), value);
}

/**
 * Characters no text field may hold: C0 controls and DEL (invisible; they break CSV lines and terminals), and
 * the bidi overrides and isolates U+202A–U+202E, U+2066–U+2069, which make text display in another order than
 * it is stored ("Trojan Source"). `multiline` free text (descriptions) may hold tab and line breaks (LF or
 * CRLF), as a pasted table cell or a multi-line CSV cell does; names, emails and codes hold none.
 * Returns what is wrong, or undefined.
 */
export function textProblem(text: string, opts: { multiline?: boolean } = {}): string | undefined {
  const m = (opts.multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_TEXT).exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0x202a
    ? `must not contain bidirectional override or isolate characters (${name} at position ${m.index + 1})`
    : `must not contain control characters (${name} at position ${m.index + 1}${opts.multiline ? '; only tab and line breaks are allowed' : ''})`;
}
const FORBIDDEN_TEXT = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const FORBIDDEN_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

export class FieldReader {
  private readonly obj: Input;

  /**
   * @param allowed every field name the input may carry; anything else is refused (a typo such as `ammount`
   *   must not silently do nothing).
   * @param prefix path of this object inside the input, for nested errors (`lines[2].`).
   */
  constructor(
    input: unknown,
    allowed: readonly string[],
    private readonly prefix = '',
  ) {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw invalid(prefix.replace(/\.$/, '') || 'input', 'must be an object');
    }
    this.obj = input as Input;
    for (const key of Object.keys(this.obj)) {
      if (!allowed.includes(key)) throw invalid(this.name(key), 'is not a known field');
    }
  }

  name(field: string): string {
    return this.prefix + field;
  }

  has(field: string): boolean {
    return this.obj[field] !== undefined;
  }

  raw(field: string): unknown {
    return this.obj[field];
  }

  /**
   * Trimmed text of 1..max characters (or 0..max with `allowEmpty`), without control or bidi-override
   * characters (`multiline` allows tab and line breaks, for descriptions).
   */
  text(field: string, max: number, opts: { required?: boolean; allowEmpty?: boolean; multiline?: boolean } = {}): string | undefined {
    const v = this.obj[field];
    if (v === undefined) {
      if (opts.required) throw invalid(this.name(field), 'is required');
      return undefined;
    }
    if (typeof v !== 'string') throw invalid(this.name(field), 'must be text', v);
    const t = v.trim();
    if (!opts.allowEmpty && t.length === 0) throw invalid(this.name(field), 'must not be empty');
    if (t.length > max) throw invalid(this.name(field), `must be at most ${max} characters`);
    const problem = textProblem(t, opts);
    if (problem) throw invalid(this.name(field), problem);
    return t;
  }

  /** Text or null; empty text becomes null (an emptied email field means "no email"). */
  nullableText(field: string, max: number): string | null | undefined {
    const v = this.obj[field];
    if (v === null) return null;
    const t = this.text(field, max, { allowEmpty: true });
    return t === '' ? null : t;
  }

  int(field: string, min: number, max: number, opts: { required?: boolean } = {}): number | undefined {
    const v = this.obj[field];
    if (v === undefined) {
      if (opts.required) throw invalid(this.name(field), 'is required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw invalid(this.name(field), `must be a whole number from ${min} to ${max}`, v);
    }
    return v;
  }

  /** Money in integer minor units. */
  amount(field: string, opts: { required?: boolean; allowNegative?: boolean } = {}): number | undefined {
    return this.int(field, opts.allowNegative ? -MAX_AMOUNT : 0, MAX_AMOUNT, opts);
  }

  id(field: string, opts: { required?: boolean } = {}): number | undefined {
    return this.int(field, 1, Number.MAX_SAFE_INTEGER, opts);
  }

  nullableId(field: string): number | null | undefined {
    return this.obj[field] === null ? null : this.id(field);
  }

  bool(field: string): boolean | undefined {
    const v = this.obj[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw invalid(this.name(field), 'must be true or false', v);
    return v;
  }

  date(field: string, opts: { required?: boolean } = {}): IsoDate | undefined {
    const v = this.obj[field];
    if (v === undefined) {
      if (opts.required) throw invalid(this.name(field), 'is required');
      return undefined;
    }
    if (!isIsoDate(v)) throw invalid(this.name(field), 'must be a calendar date YYYY-MM-DD', v);
    return v;
  }

  nullableDate(field: string): IsoDate | null | undefined {
    return this.obj[field] === null ? null : this.date(field);
  }

  oneOf<T extends string>(field: string, values: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const v = this.obj[field];
    if (v === undefined) {
      if (opts.required) throw invalid(this.name(field), 'is required');
      return undefined;
    }
    return oneOf(this.name(field), v, values);
  }
}

/** A patch must change something; an empty one is almost always a client bug. */
export function requireSomeField(patch: object, what: string): void {
  if (Object.values(patch).every((v) => v === undefined)) throw invalid(what, 'must contain at least one field to change');
}
