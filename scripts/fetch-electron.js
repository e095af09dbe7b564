#!/usr/bin/env node
// Postinstall: fetch Electron's binary the way its own install script does, but never fail the install.
// electron's install script is denied in package.json "allowScripts" because on a machine without internet
// (CI, air-gapped offices) it fails and takes `npm install` down with it; Kira then runs in the browser
// (`npm start` falls back to `kira serve`). On an ordinary machine this still downloads the binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);
const require = createRequire(import.meta.url);
let installScript;
try {
  installScript = join(dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  process.exit(0); // production install without devDependencies
}
if (!existsSync(installScript)) process.exit(0);
const run = spawnSync(process.execPath, [installScript], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000, encoding: 'utf8' });
if (run.status === 0) process.exit(0);
const lines = (run.stderr || (run.error && run.error.message) || '').split('\n').map((l) => l.trim());
const reason = lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? lines.find(Boolean);
console.error(
  `kira: Electron's binary could not be downloaded (${reason || 'no network'}); \`npm start\` will serve Kira to your browser instead.`,
);
process.exit(0);
