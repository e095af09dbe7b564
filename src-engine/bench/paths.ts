/**
 * Where the compiled generator lives. A worker or child process needs JS, so it is always loaded from
 * `<package root>/dist/…`, whether the caller is vitest running TS sources or the compiled CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { benchErrors } from './errors.js';

export { packageRoot };

export function generatorEntry(): string {
  const file = join(packageRoot(), 'dist', 'src-engine', 'bench', 'thread', 'generator-entry.js');
  if (!existsSync(file)) throw benchErrors.notBuilt(file);
  return file;
}

export function kiraVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
