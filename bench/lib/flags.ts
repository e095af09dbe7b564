/** `--name value` command-line flags of the bench scripts (numbers accept 1_000_000 and 1e6). */
export class Flags {
  private readonly values = new Map<string, string>();

  constructor(argv: readonly string[] = process.argv.slice(2)) {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] ?? '';
      if (!a.startsWith('--')) throw new Error(`Unexpected argument: ${a}`);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) this.values.set(a.slice(2), 'true');
      else this.values.set(a.slice(2), (i++, next));
    }
  }

  number(name: string, fallback: number): number {
    const v = this.values.get(name);
    if (v === undefined) return fallback;
    const n = Number(v.replaceAll('_', ''));
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${v}`);
    return n;
  }

  string(name: string): string | undefined {
    return this.values.get(name);
  }
}
