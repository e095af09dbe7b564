/**
 * The one error shape at the boundary: `{ error: { code, message, details } }`. Typed engine errors get the
 * status of their kind (the one table below, for HTTP and IPC alike); fastify's own client errors (bad JSON, body too large, unsupported type) keep theirs with a
 * stable code; anything else is a 500 with a generic message — never a stack trace.
 */
import { isKiraError, type ErrorKind, type KiraError } from '../../core/errors.js';

export interface ErrorReply {
  status: number;
  text: string;
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_body',
  FST_ERR_VALIDATION: 'invalid_parameter',
};

/** What each kind of engine error is on the wire. 499 is nginx's "client closed request": the caller cancelled. */
export const HTTP_STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  cancelled: 499,
  internal: 500,
  not_implemented: 501,
  unavailable: 503,
};

export function httpStatus(e: KiraError): number {
  return HTTP_STATUS[e.kind];
}

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}): string {
  return JSON.stringify({ error: { code, message, details } });
}

export function toErrorReply(e: unknown): ErrorReply {
  if (isKiraError(e)) return { status: httpStatus(e), text: JSON.stringify(e.toJSON()) };
  const err = e as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    validation?: { instancePath?: string; params?: Record<string, unknown> }[];
  };
  const status = typeof err?.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    const fcode = typeof err.code === 'string' ? err.code : '';
    // JSON.parse failures surface as a SyntaxError with status 400 in fastify.
    const code = FASTIFY_CODES[fcode] ?? (status === 400 ? 'invalid_body' : 'bad_request');
    const message = typeof err.message === 'string' ? err.message : 'bad request';
    const first = err.validation?.[0];
    const param = first ? (first.params?.missingProperty ?? first.instancePath?.split('/').filter(Boolean).join('.')) : undefined;
    return { status, text: errorBody(code, message, param ? { param } : {}) };
  }
  return { status: 500, text: errorBody('internal_error', 'the service failed to answer this request') };
}
