#!/usr/bin/env node
// `npm run dist [-- electron-builder args]`: build, then package with electron-builder — but first make sure the
// Electron it packs can be had, so that a machine without network ends with one line saying what to do instead
// of a `getaddrinfo ENOTFOUND github.com` stack after minutes of building.
//
// Electron comes from, in order: `--config.electronDist=PATH` on the command line; the Electron cache
// (ELECTRON_CACHE, else @electron/get's default, filled by `npm install` of electron or an earlier dist) when it
// holds this version's zip for this machine and the zip matches electron's own checksums.json — then it is passed
// as electronDist, so nothing is downloaded (electron-builder would otherwise re-fetch SHASUMS256.txt); else a
// download, which needs the download host to resolve. Any other download electron-builder fails on (Electron's
// headers for the native rebuild, packaging tools) also ends in one line, its stack left out.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  downloadFailure,
  electronCacheRoot,
  electronDownloadHost,
  electronZipName,
  hasElectronDist,
  hostTarget,
  offlineLine,
} from './dist-offline.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const electronDir = dirname(require.resolve('electron/package.json'));
const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const cacheRoot = electronCacheRoot(process.env, process.platform, homedir());
const target = hostTarget(args, process.platform, process.arch);
const ctx = { version, platform: target?.platform ?? process.platform, arch: target?.arch ?? process.arch, cacheRoot };

function end(line) {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** This version's zip for this machine in the Electron cache, checked against electron's checksums.json. */
function cachedElectronZip() {
  if (!target) return null;
  const name = electronZipName(version, target.platform, target.arch);
  let expected;
  try {
    expected = JSON.parse(readFileSync(join(electronDir, 'checksums.json'), 'utf8'))[name];
  } catch {
    return null;
  }
  let dirs = [cacheRoot];
  try {
    dirs = dirs.concat(
      readdirSync(cacheRoot, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => join(cacheRoot, d.name)),
    );
  } catch {
    return null; // no cache folder
  }
  for (const dir of dirs) {
    const zip = join(dir, name);
    if (existsSync(zip) && createHash('sha256').update(readFileSync(zip)).digest('hex') === expected) return zip;
  }
  return null;
}

async function resolves(host) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), 5000)));
  try {
    return await Promise.race([
      lookup(host).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const builderArgs = [...args];
if (!hasElectronDist(args)) {
  const zip = cachedElectronZip();
  if (zip) {
    process.stdout.write(`kira dist: Electron ${version} from the cache: ${zip}\n`);
    builderArgs.push(`--config.electronDist=${zip}`);
  } else {
    const host = electronDownloadHost(process.env);
    if (!(await resolves(host))) end(offlineLine({ what: 'electron', host }, ctx));
  }
}

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

// electron-builder logs everything, errors included, on stdout. Lines pass through as they come until its first
// error line (⨯); from there they are held, and dropped for the one line when the failure is a download.
const cli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');
const child = spawn(process.execPath, [cli, ...builderArgs], { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
let failing = false;
const held = [];
const seen = [];
for (const stream of [child.stdout, child.stderr]) {
  createInterface({ input: stream }).on('line', (line) => {
    seen.push(line);
    if (/^\s*⨯/.test(line)) failing = true;
    if (failing) held.push(line);
    else (stream === child.stdout ? process.stdout : process.stderr).write(`${line}\n`);
  });
}
const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
if (code === 0) {
  if (held.length) process.stdout.write(`${held.join('\n')}\n`);
  process.exit(0);
}
const failure = downloadFailure(seen.join('\n'));
if (failure) end(offlineLine(failure, ctx));
process.stderr.write(`${held.join('\n')}\n`);
process.exit(code);
