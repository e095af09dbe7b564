/**
 * Where the compiled worker entry lives. Worker threads cannot load TypeScript, so both vitest (running the
 * TS sources) and the built app load `<package root>/dist/src-engine/workers/<name>.js`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { WorkerFileMissingError } from './errors.js';

/** Absolute path of a compiled worker file; throws a clear error when the build has not run. */
export function compiledWorkerPath(name: string): string {
  const path = join(packageRoot(), 'dist', 'src-engine', 'workers', `${name}.js`);
  if (!existsSync(path)) throw new WorkerFileMissingError(path);
  return path;
}
