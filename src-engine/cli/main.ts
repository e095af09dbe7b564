/**
 * `kira` command-line entry: finds the sub-command, prints usage, turns errors into exit codes through
 * exit-codes.ts (0 ok, 1 failure or check/budget problems, 2 usage error). Each command lives in commands/<name>.ts.
 * A user's mistake is one line on stderr, never a stack: stacks only for bugs, or with KIRA_DEBUG=1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKiraError } from '../core/errors.js';
import { packageRoot } from '../package-root.js';
import { UsageError, type CliCommand } from './command.js';
import { EXIT_OK, EXIT_USAGE, exitCodeOf } from './exit-codes.js';

const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  demo: () => import('./commands/demo.js'),
  import: () => import('./commands/import.js'),
  export: () => import('./commands/export.js'),
  check: () => import('./commands/check.js'),
  companies: () => import('./commands/companies.js'),
  serve: () => import('./commands/serve.js'),
  bench: () => import('./commands/bench.js'),
  backup: () => import('./commands/backup.js'),
  restore: () => import('./commands/restore.js'),
  report: () => import('./commands/report.js'),
};

async function usage(): Promise<string> {
  const lines = ['Usage: kira <command> [options]', '', 'Commands:'];
  for (const load of Object.values(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${command.name.padEnd(10)} ${command.summary}`);
  }
  lines.push(
    '',
    'Run `kira help <command>` (or `kira <command> --help`) for the options of one command; `kira --version` for the version.',
  );
  return lines.join('\n');
}

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** What node:fs and friends say, in words (the code alone names no file). */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  EADDRINUSE: 'the port is already in use',
  EADDRNOTAVAIL: 'the address is not available',
};

interface SystemError extends Error {
  code?: string;
  path?: string;
}

/** One line for an error a user can act on, or undefined for a bug. */
function explain(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as SystemError;
  if (err.name === 'SqliteError') return `database error: ${err.message}${err.code ? ` (${err.code})` : ''}`;
  const words = err.code ? SYSTEM_ERRORS[err.code] : undefined;
  if (words) return err.path ? `${err.path}: ${words}` : err.message;
  return undefined;
}

/** The reader of our output went away (`kira export … | head`): not an error, stop quietly. */
const isBrokenPipe = (e: unknown) => e instanceof Error && (e as SystemError).code === 'EPIPE';

let pipeGuarded = false;
function guardStdout(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  // Without a listener, an EPIPE on a later write is an uncaught 'error' event with a stack.
  process.stdout.on('error', (e) => {
    if (isBrokenPipe(e)) process.exit(0);
    throw e;
  });
}

export async function main(argv: string[]): Promise<number> {
  guardStdout();
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`kira ${version()}\n`);
    return 0;
  }
  if (name === 'help' && rest[0] !== undefined) {
    const load = COMMANDS[rest[0]];
    if (!load) {
      process.stderr.write(`kira: unknown command "${rest[0]}"\n\n${await usage()}\n`);
      return EXIT_USAGE;
    }
    process.stdout.write((await load()).command.usage + '\n');
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await usage()) + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`kira: unknown command "${name}"\n\n${await usage()}\n`);
    return EXIT_USAGE;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (isBrokenPipe(e)) return EXIT_OK;
    if (e instanceof UsageError) {
      process.stderr.write(`kira ${name}: ${e.message}\n${e.showUsage ? `\n${command.usage}\n` : ''}`);
    } else if (isKiraError(e)) {
      process.stderr.write(`kira ${name}: ${e.message}\n`);
    } else {
      const line = explain(e);
      // A bug (or KIRA_DEBUG=1): the stack is what a report needs.
      if (line !== undefined && !process.env.KIRA_DEBUG) process.stderr.write(`kira ${name}: ${line}\n`);
      else process.stderr.write(`kira ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
    return exitCodeOf(e);
  }
}
