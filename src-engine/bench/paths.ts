/**
 * Where the compiled generator lives. A worker or child process needs JS, so it is always loaded from
 * `<package root>/dist/…`, whether the caller is vitest running TS sources or the compiled CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KiraError } from '../core/errors.js';
import { packageRoot } from '../package-root.js';

export { packageRoot };

export function generatorEntry(): string {
  const file = join(packageRoot(), 'dist', 'src-engine', 'bench', 'thread', 'generator-entry.js');
  if (!existsSync(file))
    throw new KiraError(500, 'not_built', `the load generator is not built (${file} is missing): run npm run build:engine`);
  return file;
}

export function kiraVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
