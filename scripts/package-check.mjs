#!/usr/bin/env node
// Checks the packaging configuration without the real Electron binary (it cannot be downloaded here):
// electron-builder packs the app into a folder (`--dir`, Linux) around a stand-in Electron distribution, then
// we look inside: the renderer must be in app.asar, better-sqlite3's native addon and the worker files must be
// unpacked next to it (app.asar.unpacked/), since neither a .node file nor a worker thread loads from an asar.
//
// The afterPack hook (scripts/after-pack.mjs) flips the stand-in's fuse wire as it would a real binary's.
// Differences from `npm run dist`, both forced by the missing binary and network: `electronDist` points at the
// stand-in, and `npmRebuild` is off (rebuilding better-sqlite3 against Electron's headers downloads them).
// electron-builder validates the whole file against its schema (all platforms' sections) before packing.
// Usage: node scripts/package-check.mjs [--keep]   (needs `npm run build` first). Exit 0 = all checks passed.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// @electron/fuses' marker before the fuse wire in every Electron binary (its src/constants.ts SENTINEL).
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const keep = process.argv.includes('--keep');

function fail(message) {
  process.stderr.write(`package-check: FAIL ${message}\n`);
  process.exit(1);
}

for (const built of [
  'dist/src-main/main.js',
  'dist/src-main/preload.cjs',
  'dist/src-engine/workers/tasks.js',
  'dist-renderer/index.html',
]) {
  if (!existsSync(join(root, built))) fail(`${built} is missing: run \`npm run build\` first`);
}

const work = mkdtempSync(join(tmpdir(), 'kira-package-check-'));
try {
  // The stand-in: what electron-builder copies and renames for Linux (the `electron` executable becomes `kira`;
  // `resources/` receives app.asar). A shell script, never run; no Chromium inside.
  const fakeDist = join(work, 'electron-dist');
  mkdirSync(join(fakeDist, 'resources'), { recursive: true });
  mkdirSync(join(fakeDist, 'locales'), { recursive: true });
  // It carries a fuse wire the way a real binary does (@electron/fuses' sentinel, wire version 1, length, one
  // byte per fuse in Electron's defaults: '1' on, '0' off), so the afterPack hook really flips it and we read it back.
  const defaultWire = Buffer.from([0x31, 0x30, 0x31, 0x31, 0x30, 0x30, 0x30, 0x31]);
  writeFileSync(
    join(fakeDist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in Electron for package-check: not runnable" >&2\nexit 1\n'),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, defaultWire.length]),
      defaultWire,
      Buffer.from('\n'),
    ]),
  );
  chmodSync(join(fakeDist, 'electron'), 0o755);
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  writeFileSync(join(fakeDist, 'version'), electronVersion);
  writeFileSync(join(fakeDist, 'LICENSE'), 'stand-in');
  writeFileSync(join(fakeDist, 'locales', 'en-US.pak'), '');

  const out = join(work, 'release');
  const cli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');
  const args = [
    cli,
    '--linux',
    'dir',
    '--x64',
    '--publish',
    'never',
    '--config',
    join(root, 'electron-builder.yml'),
    `-c.electronDist=${fakeDist}`,
    `-c.electronVersion=${electronVersion}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${out}`,
  ];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    // Belt and braces: nothing here may fetch Electron or its headers.
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    timeout: 300_000,
  });
  if (process.env.KIRA_PACKAGE_CHECK_VERBOSE) process.stdout.write(run.stdout + run.stderr);
  if (run.status !== 0) fail(`electron-builder exited with ${run.status ?? run.signal}\n${run.stdout}\n${run.stderr}`);

  const resources = join(out, 'linux-unpacked', 'resources');
  const asarPath = join(resources, 'app.asar');
  if (!existsSync(asarPath)) fail(`no app.asar in ${resources}`);
  const { listPackage } = require('@electron/asar');
  const inAsar = new Set(listPackage(asarPath, { isPack: false }).map((p) => p.replaceAll('\\', '/')));
  const unpacked = join(resources, 'app.asar.unpacked');

  // The fuses as the afterPack hook left them (FuseState: 48 '0' off, 49 '1' on).
  const { getCurrentFuseWire, FuseV1Options } = await import('@electron/fuses');
  const wire = await getCurrentFuseWire(join(out, 'linux-unpacked', 'kira'));
  const fuse = (name) => wire[FuseV1Options[name]];
  const fusesOk =
    ['RunAsNode', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments'].every((n) => fuse(n) === 48) &&
    ['EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar'].every((n) => fuse(n) === 49) &&
    fuse('EnableCookieEncryption') === 48 &&
    fuse('GrantFileProtocolExtraPrivileges') === 49;

  const checks = [
    [
      'fuses flipped by the afterPack hook (RunAsNode, NODE_OPTIONS, --inspect off; asar integrity, asar only on; others untouched)',
      fusesOk,
    ],
    ['fuse module (build time only) not shipped', !inAsar.has('/dist/src-main/fuses.js')],
    ['renderer in app.asar', inAsar.has('/dist-renderer/index.html')],
    ['main entry in app.asar', inAsar.has('/dist/src-main/main.js')],
    ['preload in app.asar', inAsar.has('/dist/src-main/preload.cjs')],
    ['better-sqlite3 native addon unpacked', existsSync(join(unpacked, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))],
    ['worker entry unpacked', existsSync(join(unpacked, 'dist/src-engine/workers/tasks.js'))],
    ['benchmark generator unpacked', existsSync(join(unpacked, 'dist/src-engine/bench/thread/generator-entry.js'))],
    ['no TypeScript sources or source maps shipped', ![...inAsar].some((p) => /^\/(src-|test\/)/.test(p) || p.endsWith('.map'))],
    [
      'no dev dependencies shipped (electron, vitest)',
      ![...inAsar].some((p) => p.startsWith('/node_modules/electron/') || p.startsWith('/node_modules/vitest/')),
    ],
    [
      'SQLite C sources not shipped',
      !existsSync(join(unpacked, 'node_modules/better-sqlite3/deps')) &&
        ![...inAsar].some((p) => p.startsWith('/node_modules/better-sqlite3/deps/')),
    ],
    ['executable renamed to kira', existsSync(join(out, 'linux-unpacked', 'kira'))],
  ];
  let failed = 0;
  for (const [name, ok] of checks) {
    process.stdout.write(`package-check: ${ok ? 'ok  ' : 'FAIL'} ${name}\n`);
    if (!ok) failed++;
  }
  if (failed) fail(`${failed} check(s) failed (output kept in ${work})`);
  process.stdout.write('package-check: all checks passed\n');
} finally {
  if (!keep && process.exitCode === undefined) rmSync(work, { recursive: true, force: true });
}
