/**
 * Error kinds become HTTP statuses (service/common/error-shape.ts) and exit codes (cli/exit-codes.ts) in one
 * table each; every error the engine raises keeps the status and code it had on the wire.
 */
import { describe, expect, it } from 'vitest';
import { benchErrors } from '../../src-engine/bench/errors.js';
import { FileArgumentError, UsageError } from '../../src-engine/cli/command.js';
import { EXIT_CODE, exitCodeOf } from '../../src-engine/cli/exit-codes.js';
import {
  ConflictError,
  ERROR_KINDS,
  KiraError,
  NotFoundError,
  PayloadTooLargeError,
  UnprocessableError,
  ValidationError,
} from '../../src-engine/core/errors.js';
import {
  PoolClosedError,
  RecalculationRunningError,
  RollupVerificationError,
  TaskCancelledError,
  WorkerFileMissingError,
} from '../../src-engine/pool/errors.js';
import { NotAvailableError } from '../../src-engine/service/api/handler-types.js';
import { HTTP_STATUS, httpStatus, toErrorReply } from '../../src-engine/service/common/error-shape.js';
import { httpErrors } from '../../src-engine/service/http/errors.js';
import { SchemaTooNewError } from '../../src-engine/store/migrate.js';

describe('kind → HTTP status', () => {
  it('is the table the wire has always carried', () => {
    expect(HTTP_STATUS).toEqual({
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
    });
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...ERROR_KINDS].sort());
  });

  const cases: [string, KiraError, number, string][] = [
    ['ValidationError', new ValidationError('bad', { param: 'x' }), 400, 'invalid_parameter'],
    ['NotFoundError', new NotFoundError('Company', 9), 404, 'not_found'],
    ['ConflictError', new ConflictError('taken', {}, 'duplicate_number'), 409, 'duplicate_number'],
    ['UnprocessableError', new UnprocessableError('too little history'), 422, 'unprocessable'],
    ['PayloadTooLargeError', new PayloadTooLargeError('big'), 413, 'payload_too_large'],
    ['WorkerFileMissingError', new WorkerFileMissingError('/x.js'), 500, 'worker_file_missing'],
    ['PoolClosedError', new PoolClosedError(), 503, 'pool_closed'],
    ['TaskCancelledError', new TaskCancelledError('abort'), 499, 'cancelled'],
    ['RecalculationRunningError', new RecalculationRunningError(1), 409, 'recalculation_running'],
    ['RollupVerificationError', new RollupVerificationError(1, []), 500, 'rollup_verification_failed'],
    ['NotAvailableError', new NotAvailableError('x.y'), 501, 'not_implemented'],
    ['SchemaTooNewError', new SchemaTooNewError(9, 8), 409, 'schema_too_new'],
    ['benchErrors.generatorFailed', benchErrors.generatorFailed('boom'), 500, 'generator_failed'],
    ['benchErrors.generatorExited', benchErrors.generatorExited('exited with code 3'), 500, 'generator_exited'],
    ['benchErrors.generatorClosed', benchErrors.generatorClosed(), 500, 'generator_closed'],
    ['benchErrors.notBuilt', benchErrors.notBuilt('/dist/x.js'), 500, 'not_built'],
    ['benchErrors.shuttingDown', benchErrors.shuttingDown(), 503, 'shutting_down'],
    ['benchErrors.cancelled', benchErrors.cancelled(), 499, 'cancelled'],
    ['httpErrors.weakToken', httpErrors.weakToken(), 400, 'weak_token'],
    ['httpErrors.foreignTarget', httpErrors.foreignTarget(), 400, 'bad_request'],
    ['httpErrors.unauthorized', httpErrors.unauthorized(), 401, 'unauthorized'],
    ['httpErrors.forbidden', httpErrors.forbidden('cross-origin requests are refused'), 403, 'forbidden'],
    ['httpErrors.rateLimited', httpErrors.rateLimited(), 429, 'rate_limited'],
  ];
  it.each(cases)('%s answers %i with its code in the one body shape', (_name, e, status, code) => {
    expect(httpStatus(e)).toBe(status);
    const reply = toErrorReply(e);
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.text)).toEqual({ error: { code, message: e.message, details: e.details } });
  });

  it('keeps the messages people read', () => {
    expect(benchErrors.generatorFailed('boom').message).toBe('load generator failed: boom');
    expect(benchErrors.cancelled().message).toBe('the run was cancelled; the report holds what was measured');
    expect(httpErrors.rateLimited().message).toBe('too many requests; slow down');
    expect(httpErrors.foreignTarget().details).toEqual({ param: 'url' });
  });

  it('answers anything else as a 500 without its text', () => {
    const reply = toErrorReply(new Error('secret path /home/x'));
    expect(reply.status).toBe(500);
    expect(reply.text).not.toContain('secret');
    expect(JSON.parse(reply.text)).toMatchObject({ error: { code: 'internal_error' } });
  });
});

describe('kind → exit code', () => {
  it('is 1 for every kind of engine error, 2 for a usage error, 1 for anything else', () => {
    for (const kind of ERROR_KINDS) {
      expect(EXIT_CODE[kind]).toBe(1);
      expect(exitCodeOf(new KiraError(kind, 'x', 'x'))).toBe(1);
    }
    expect(Object.keys(EXIT_CODE).sort()).toEqual([...ERROR_KINDS].sort());
    expect(exitCodeOf(new UsageError('--db is required'))).toBe(2);
    expect(exitCodeOf(new FileArgumentError('no database at x'))).toBe(2);
    expect(exitCodeOf(new Error('bug'))).toBe(1);
  });
});
