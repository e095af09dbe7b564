/**
 * Child processes run the compiled engine (`dist/`). Build it once per change of the sources: under a lock so
 * test files running in parallel do not write `dist/` at the same time, and skipped when `dist/` is newer
 * than every engine source.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureEngineBuilt(): void {
  const stamp = join(ROOT, 'dist/src-engine/cli/main.js');
  const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs > newestSource(join(ROOT, 'src-engine'));
  if (fresh()) return;
  // tsc exits non-zero on type errors in unrelated work in progress but still emits; the tests then show
  // whether the parts they use work.
  const script = `test -f dist/src-engine/cli/main.js && [ -z "$(find src-engine -name '*.ts' -newer dist/src-engine/cli/main.js | head -1)" ] || npx tsc -p tsconfig.build.json || true`;
  execFileSync('flock', ['/tmp/kira-build.lock', 'sh', '-c', script], { cwd: ROOT, stdio: 'ignore' });
}
