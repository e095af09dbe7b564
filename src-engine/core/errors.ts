/**
 * Typed errors thrown inside the engine. Transports (HTTP, IPC, CLI) map them to one shape:
 * `{ error: { code, message, details } }` with `status` as the HTTP status. Nothing else leaks out.
 */
export type ErrorDetails = Record<string, unknown>;

export class KiraError extends Error {
  constructor(
    readonly status: number,
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
    super(400, code, message, details);
  }
}

export class NotFoundError extends KiraError {
  constructor(what: string, id: unknown) {
    super(404, 'not_found', `${what} ${String(id)} does not exist`, { what, id });
  }
}

/** A write that conflicts with the current state (an illegal status move, a duplicate number). */
export class ConflictError extends KiraError {
  constructor(message: string, details: ErrorDetails = {}, code = 'conflict') {
    super(409, code, message, details);
  }
}

/** Well-formed input the figures cannot answer (for example projections with too little history). */
export class UnprocessableError extends KiraError {
  constructor(message: string, details: ErrorDetails = {}, code = 'unprocessable') {
    super(422, code, message, details);
  }
}

export class PayloadTooLargeError extends KiraError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(413, 'payload_too_large', message, details);
  }
}

export function isKiraError(e: unknown): e is KiraError {
  return e instanceof KiraError;
}

/** The text of anything thrown: an Error's message, anything else as a string (for logs and people, never for logic). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
