/**
 * Where Electron's binary is, or the real reason it is not there — for the one line the Electron end-to-end
 * tests skip with (test/e2e/electron.spec.ts). Reads files only: never downloads anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { path: string } | { missing: string };

const INSTALL = 'run `node node_modules/electron/install.js` with network';

/**
 * `electronDir` is node_modules/electron. `online` says whether the download host resolves (asked only when
 * the binary is missing, to say why).
 */
export function electronBinary(
  electronDir: string,
  env: Readonly<Record<string, string | undefined>>,
  online: () => boolean,
): ElectronBinary {
  if (!existsSync(join(electronDir, 'package.json')))
    return { missing: 'the electron package is not installed (node_modules/electron missing): run `npm install`' };
  const pathTxt = join(electronDir, 'path.txt');
  // Electron's own override (its index.js): a binary kept elsewhere.
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  if (!existsSync(pathTxt) || !existsSync(dist)) {
    const why = !online()
      ? 'it cannot be downloaded on this machine: no network'
      : env.ELECTRON_SKIP_BINARY_DOWNLOAD
        ? 'its download was skipped: ELECTRON_SKIP_BINARY_DOWNLOAD is set'
        : 'its download failed or never ran';
    return { missing: `Electron's binary is not installed (node_modules/electron/dist missing: ${why}); ${INSTALL}` };
  }
  const binary = join(dist, readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `Electron's binary is not installed (${binary} missing); ${INSTALL}` };
  return { path: binary };
}

/** Whether github.com (Electron's download host, or ELECTRON_MIRROR's) resolves; a child keeps the caller synchronous. */
export function downloadHostResolves(env: Readonly<Record<string, string | undefined>>): boolean {
  let host = 'github.com';
  try {
    if (env.ELECTRON_MIRROR) host = new URL(env.ELECTRON_MIRROR).hostname;
  } catch {
    // keep github.com
  }
  const r = spawnSync(process.execPath, ['-e', `require('node:dns').lookup(${JSON.stringify(host)}, (e) => process.exit(e ? 1 : 0))`], {
    timeout: 10_000,
  });
  return r.status === 0;
}
