/**
 * Packaging without the Electron binary: scripts/package-check.mjs runs electron-builder `--dir` around a
 * stand-in Electron distribution and inspects app.asar / app.asar.unpacked (see the script for what and why).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILT = ['dist/src-main/main.js', 'dist/src-engine/workers/tasks.js', 'dist-renderer/index.html'].every((f) =>
  existsSync(join(ROOT, f)),
);

describe('electron-builder configuration', () => {
  // Packaging needs the built app; `npm test` builds first. Anywhere else this is one clear skip, not a failure.
  it.skipIf(!BUILT)(
    'packs the renderer into app.asar and unpacks better-sqlite3 and the workers (stand-in Electron)',
    () => {
      const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package-check.mjs')], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 280_000,
      });
      expect(run.stderr + run.stdout).toContain('package-check: all checks passed');
      expect(run.status).toBe(0);
    },
    300_000,
  );
});
