/**
 * The bench scripts' `--name value` flags, through node:util parseArgs: each script names the flags it takes, and
 * an unknown flag or one without its value stops it with parseArgs' message. Numbers accept 1_000_000 and 1e6.
 */
import { parseArgs } from 'node:util';

export class Flags<Name extends string> {
  private readonly values: Partial<Record<Name, string>>;

  constructor(names: readonly Name[], argv: readonly string[] = process.argv.slice(2)) {
    const options = Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]));
    this.values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Partial<Record<Name, string>>;
  }

  number(name: Name, fallback: number): number {
    const v = this.values[name];
    if (v === undefined) return fallback;
    const n = Number(v.replaceAll('_', ''));
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${v}`);
    return n;
  }

  string(name: Name): string | undefined {
    return this.values[name];
  }
}
