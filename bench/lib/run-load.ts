/** Run one load in a child process (dist/bench/lib/load-child.js) and return its result. */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadConfig, LoadResult } from './load-types.js';

export async function runLoad<K extends LoadConfig['kind']>(
  cfg: Extract<LoadConfig, { kind: K }>,
): Promise<Extract<LoadResult, { kind: K }>> {
  const child = fileURLToPath(new URL('./load-child.js', import.meta.url));
  if (!existsSync(child)) throw new Error(`${child} is missing: run the compiled bench (npm run build:engine, then node dist/bench/…)`);
  const proc = fork(child, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const result = await new Promise<LoadResult>((resolve, reject) => {
    proc.once('message', (m) => resolve(m as LoadResult));
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`load generator exited with ${code} before answering`)));
    proc.send(cfg);
  });
  if (result.kind === 'error') throw new Error(`load generator: ${result.message}`);
  if (result.kind !== cfg.kind) throw new Error(`load generator answered ${result.kind} to ${cfg.kind}`);
  return result as Extract<LoadResult, { kind: K }>;
}
