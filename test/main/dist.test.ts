/**
 * `npm run dist` without network (scripts/dist.mjs): one line naming Electron's download and how to supply a
 * local Electron, exit 1, before any building. The child runs with an empty Electron cache and a download
 * mirror on the reserved `.invalid` domain (RFC 6761: never resolves), so it is offline on any machine.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  downloadFailure,
  electronCacheRoot,
  electronDownloadHost,
  hasElectronDist,
  hostTarget,
  offlineLine,
} from '../../scripts/dist-offline.mjs';
import { tempDir } from '../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('electron/package.json'), 'utf8')) as { version: string }
).version;
const tmp = tempDir('kira-dist-');
afterAll(() => tmp.cleanup());

function dist(args: string[], env: Record<string, string>) {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'dist.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    // Bounded: the check comes before the build, so this never waits on one.
    timeout: 60_000,
    env: { ...process.env, ELECTRON_MIRROR: 'https://electron-mirror.invalid/', ...env },
  });
  const lines = (run.stdout + run.stderr).split('\n').filter(Boolean);
  return { status: run.status, lines };
}

describe('npm run dist without network', () => {
  it("ends with one line naming Electron's download and how to supply it, exit 1, before building", () => {
    const cache = tmp.path('empty-cache');
    const r = dist(['--linux', 'dir'], { ELECTRON_CACHE: cache });
    expect(r.lines).toHaveLength(1);
    const line = r.lines[0]!;
    expect(line).toMatch(new RegExp(`^kira dist: cannot download Electron ${ELECTRON_VERSION.replaceAll('.', '\\.')} \\(electron-v`));
    expect(line).toContain('electron-mirror.invalid');
    expect(line).toContain('--config.electronDist=PATH');
    expect(line).toContain(`ELECTRON_CACHE, here ${cache}`);
    expect(line).not.toMatch(/\n|    at /);
    expect(r.status).toBe(1);
  });

  it("does not take a cached zip that fails electron's checksum (the same line, no build)", () => {
    const cache = tmp.path('bad-cache');
    mkdirSync(join(cache, 'abc'), { recursive: true });
    writeFileSync(join(cache, 'abc', `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`), 'not the zip');
    const r = dist([], { ELECTRON_CACHE: cache });
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^kira dist: cannot download Electron/);
    expect(r.status).toBe(1);
  });
});

describe('dist helpers', () => {
  it('knows when the command line supplies Electron', () => {
    expect(hasElectronDist(['--config.electronDist=/opt/electron'])).toBe(true);
    expect(hasElectronDist(['-c.electronDist=x.zip'])).toBe(true);
    expect(hasElectronDist(['--c.electronDist', 'x'])).toBe(true);
    expect(hasElectronDist(['--linux', '--config.npmRebuild=false'])).toBe(false);
  });

  it('uses a cached Electron only for a build for this machine', () => {
    expect(hostTarget([], 'linux', 'x64')).toEqual({ platform: 'linux', arch: 'x64' });
    expect(hostTarget(['--linux', 'dir', '--x64'], 'linux', 'x64')).toEqual({ platform: 'linux', arch: 'x64' });
    expect(hostTarget(['--win'], 'linux', 'x64')).toBeNull();
    expect(hostTarget(['--linux', '--arm64'], 'linux', 'x64')).toBeNull();
    expect(hostTarget(['-m'], 'darwin', 'arm64')).toEqual({ platform: 'darwin', arch: 'arm64' });
  });

  it('finds the Electron cache and download host the way electron-builder does', () => {
    expect(electronCacheRoot({ ELECTRON_CACHE: '/c' }, 'linux', '/home/u')).toBe('/c');
    expect(electronCacheRoot({}, 'linux', '/home/u')).toBe('/home/u/.cache/electron');
    expect(electronCacheRoot({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/electron');
    expect(electronCacheRoot({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/electron');
    expect(electronDownloadHost({})).toBe('github.com');
    expect(electronDownloadHost({ ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron/' })).toBe('npmmirror.com');
  });

  // electron-builder 26's own output when offline (stack lines trimmed), as seen on this machine.
  it("recognises electron-builder's download failures and names what could not be fetched", () => {
    const packaging = [
      '  • packaging       platform=linux arch=x64 electron=41.7.1 appOutDir=release/linux-unpacked',
      '  ⨯ getaddrinfo ENOTFOUND github.com  failedTask=build stackTrace=RequestError: getaddrinfo ENOTFOUND github.com',
      '    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)',
    ].join('\n');
    expect(downloadFailure(packaging)).toEqual({ what: 'electron', host: 'github.com' });
    const rebuild = [
      '  • installing native dependencies  arch=x64',
      '  • preparing       moduleName=better-sqlite3 arch=x64',
      '  ⨯ Error: This is most likely not a problem with node-gyp or the package itself and',
      'is related to network connectivity. In most cases you are behind a proxy or have bad ',
      "  ⨯ node-gyp failed to rebuild '/work/main/node_modules/better-sqlite3'  failedTask=build",
    ].join('\n');
    expect(downloadFailure(rebuild)).toEqual({ what: 'headers', host: 'www.electronjs.org' });
    expect(downloadFailure('  ⨯ Cannot find module dist/src-main/main.js')).toBeNull();
    const ctx = { version: '41.7.1', platform: 'linux', arch: 'x64', cacheRoot: '/c' };
    for (const f of [downloadFailure(packaging)!, downloadFailure(rebuild)!, { what: 'other' as const, host: 'github.com' }]) {
      const line = offlineLine(f, ctx);
      expect(line).toMatch(/^kira dist: .*no network.*docs\/electron\.md$/);
      expect(line).not.toContain('\n');
    }
    expect(offlineLine(downloadFailure(rebuild)!, ctx)).toContain('--config.npmRebuild=false');
  });

  it("accepts a cached zip only with electron's own checksum", () => {
    // The check dist.mjs applies (sha256 against node_modules/electron/checksums.json): the file names are there.
    const sums = JSON.parse(
      readFileSync(join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'checksums.json'), 'utf8'),
    ) as Record<string, string>;
    expect(sums[`electron-v${ELECTRON_VERSION}-linux-x64.zip`]).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash('sha256').update('not the zip').digest('hex')).not.toBe(sums[`electron-v${ELECTRON_VERSION}-linux-x64.zip`]);
  });
});
