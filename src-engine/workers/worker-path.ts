/**
 * Where the compiled worker entry lives. Worker threads cannot load TypeScript, so both vitest (running the
 * TS sources) and the built app load `<package root>/dist/src-engine/workers/<name>.js`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerFileMissingError } from './errors.js';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** Absolute path of a compiled worker file; throws a clear error when the build has not run. */
export function compiledWorkerPath(name: string): string {
  const path = join(packageRoot(), 'dist', 'src-engine', 'workers', `${name}.js`);
  if (!existsSync(path)) throw new WorkerFileMissingError(path);
  return path;
}
