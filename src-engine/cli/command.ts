/** The shape every `kira` sub-command module exports, and the checks commands share. */
import { existsSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isOneOf, oneOfProblem } from '../core/validate/fields.js';

export interface CliCommand {
  name: string;
  summary: string;
  /** Full usage text printed by `kira <name> --help` and after a usage error. */
  usage: string;
  /** Returns the process exit code; a command with nothing to wait for returns it directly (main awaits either). */
  run(argv: string[]): number | Promise<number>;
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  /** Whether main prints the command's usage after the message (not for a file that is missing). */
  readonly showUsage: boolean = true;
}

/** A file named on the command line is missing or unreadable: one line, exit code 2, no usage. */
export class FileArgumentError extends UsageError {
  override readonly showUsage = false;
}

/**
 * The books a command reads or changes must exist: opening a missing path would create an empty database.
 * Only `demo`, `companies add`, `serve --demo` and `bench --demo` create one.
 */
export function existingDatabase(path: string): string {
  if (!existsSync(path)) throw new FileArgumentError(`no database at ${path}`);
  return databasePath(path);
}

/** A path a command may create books at: anything but a folder (SQLite's own error would not name it). */
export function databasePath(path: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) throw new FileArgumentError(`${path} is a folder, not a database file`);
  return path;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with strict checking; unknown flags and missing values become UsageErrors. */
export function parseFlags<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

/** A flag whose value is one of `allowed` (the engine's enum wording, plus the value given); `fallback` when absent. */
export function choiceFlag<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined) throw new UsageError(`--${flag} is required (one of ${allowed.join(', ')})`);
  if (!isOneOf(value, allowed)) throw new UsageError(`--${flag} ${oneOfProblem(allowed)}, not "${value}"`);
  return value;
}

export function intFlag(value: string | undefined, flag: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}`);
  return n;
}
