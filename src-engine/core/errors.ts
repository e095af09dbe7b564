/**
 * Typed errors thrown inside the engine. Each carries a *kind* (what went wrong, in the engine's words), a stable
 * `code` and a message. The transports decide what a kind becomes: the HTTP status in service/common/error-shape.ts
 * (HTTP and IPC replies), the exit code in cli/exit-codes.ts. The body is always `{ error: { code, message, details } }`.
 */
export type ErrorDetails = Record<string, unknown>;

/** Every kind of failure the engine reports; a transport maps each one (a table per transport, checked complete by the compiler). */
export const ERROR_KINDS = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'unprocessable',
  'rate_limited',
  'cancelled',
  'internal',
  'not_implemented',
  'unavailable',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class KiraError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  toJSON(): { error: { code: string; message: string; details: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** Bad input: names the parameter or field in `details.param` / `details.field`. */
export class ValidationError extends KiraError {
  constructor(message: string, details: ErrorDetails = {}, code = 'invalid_parameter') {
    super('invalid', code, message, details);
  }
}

export class NotFoundError extends KiraError {
  constructor(what: string, id: unknown) {
    super('not_found', 'not_found', `${what} ${String(id)} does not exist`, { what, id });
  }
}

/** A write that conflicts with the current state (an illegal status move, a duplicate number). */
export class ConflictError extends KiraError {
  constructor(message: string, details: ErrorDetails = {}, code = 'conflict') {
    super('conflict', code, message, details);
  }
}

/** Well-formed input the figures cannot answer (for example projections with too little history). */
export class UnprocessableError extends KiraError {
  constructor(message: string, details: ErrorDetails = {}, code = 'unprocessable') {
    super('unprocessable', code, message, details);
  }
}

export class PayloadTooLargeError extends KiraError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('too_large', 'payload_too_large', message, details);
  }
}

export function isKiraError(e: unknown): e is KiraError {
  return e instanceof KiraError;
}

/** The text of anything thrown: an Error's message, anything else as a string (for logs and people, never for logic). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
