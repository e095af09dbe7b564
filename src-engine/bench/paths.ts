/**
 * Where the compiled generator lives. A worker or child process needs JS, so it is always loaded from
 * `<package root>/dist/…`, whether the caller is vitest running TS sources or the compiled CLI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KiraError } from '../core/errors.js';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kira') return dir;
    const up = dirname(dir);
    if (up === dir) throw new KiraError(500, 'package_root_not_found', 'cannot find the kira package root');
    dir = up;
  }
}

export function generatorEntry(): string {
  const file = join(packageRoot(), 'dist', 'src-engine', 'bench', 'generator-entry.js');
  if (!existsSync(file))
    throw new KiraError(500, 'not_built', `the load generator is not built (${file} is missing): run npm run build:engine`);
  return file;
}

export function kiraVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
