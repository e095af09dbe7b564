/**
 * `kira` command-line entry: finds the sub-command, prints usage, maps errors to exit codes
 * (0 ok, 1 failure or check/budget problems, 2 usage error). Each command lives in commands/<name>.ts.
 */
import { isKiraError } from '../core/errors.js';
import { UsageError, type CliCommand } from './command.js';

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
  lines.push('', 'Run `kira <command> --help` for the options of one command.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await usage()) + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`kira: unknown command "${name}"\n\n${await usage()}\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kira ${name}: ${e.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (isKiraError(e)) {
      process.stderr.write(`kira ${name}: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`kira ${name}: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
