/**
 * What a `kira` command's failure is as a process exit code: 0 ok, 1 a failure (any engine error, a check or
 * budget problem, a bug), 2 a usage error (how the command was called). The one place errors become codes.
 */
import { isKiraError, type ErrorKind } from '../core/errors.js';
import { UsageError } from './command.js';

export const EXIT_OK = 0;
const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Per kind of engine error. All are failures today: a bad flag value that should read as a usage error is
 * turned into a UsageError by its command (report does), where the flag's name is known.
 */
export const EXIT_CODE: Readonly<Record<ErrorKind, number>> = {
  invalid: EXIT_FAILURE,
  unauthorized: EXIT_FAILURE,
  forbidden: EXIT_FAILURE,
  not_found: EXIT_FAILURE,
  conflict: EXIT_FAILURE,
  too_large: EXIT_FAILURE,
  unprocessable: EXIT_FAILURE,
  rate_limited: EXIT_FAILURE,
  cancelled: EXIT_FAILURE,
  internal: EXIT_FAILURE,
  not_implemented: EXIT_FAILURE,
  unavailable: EXIT_FAILURE,
};

export function exitCodeOf(e: unknown): number {
  if (e instanceof UsageError) return EXIT_USAGE;
  if (isKiraError(e)) return EXIT_CODE[e.kind];
  return EXIT_FAILURE;
}
