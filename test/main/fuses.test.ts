/**
 * Electron fuses at pack time. The choice (src-main/fuses.ts) is checked as data; the afterPack hook
 * (scripts/after-pack.mjs) is run for real on a stand-in binary carrying a fuse wire, then the wire is read
 * back with @electron/fuses. (scripts/package-check.mjs does the same through electron-builder itself.)
 */
import { FuseV1Options, FuseVersion, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyKiraFuses, kiraFuseConfig, packedBinaryPath, type PackedApp } from '../../src-main/fuses.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILT = existsSync(join(ROOT, 'dist', 'src-main', 'fuses.js'));
const tmp = tempDir('kira-fuses-');
afterAll(() => tmp.cleanup());

// FuseState bytes: '0' off, '1' on.
const OFF = 48;
const ON = 49;

/** A file laid out like Electron's binary around its fuse wire, with Electron's default fuse states. */
function standInBinary(path: string): void {
  const wire = Buffer.from('10110001');
  writeFileSync(
    path,
    Buffer.concat([Buffer.from('stand-in\n'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, wire.length]), wire]),
  );
}

const linuxApp = (appOutDir: string): PackedApp => ({
  appOutDir,
  electronPlatformName: 'linux',
  packager: { appInfo: { productFilename: 'Kira' }, executableName: 'kira' },
});

describe('Electron fuses', () => {
  it('turns RunAsNode, NODE_OPTIONS and --inspect off, asar integrity and asar-only loading on, and nothing else', async () => {
    const flipped: { path: string; config: FuseConfig }[] = [];
    await applyKiraFuses(linuxApp('/out/linux-unpacked'), {
      FuseV1Options,
      FuseVersion,
      flipFuses: (path, config) => {
        flipped.push({ path, config });
        return Promise.resolve(0);
      },
    });
    expect(flipped).toEqual([
      {
        path: '/out/linux-unpacked/kira',
        config: {
          version: FuseVersion.V1,
          resetAdHocDarwinSignature: false,
          [FuseV1Options.RunAsNode]: false,
          [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
          [FuseV1Options.EnableNodeCliInspectArguments]: false,
          [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
          [FuseV1Options.OnlyLoadAppFromAsar]: true,
        },
      },
    ]);
    expect(kiraFuseConfig({ FuseV1Options, FuseVersion }, 'darwin').resetAdHocDarwinSignature).toBe(true);
  });

  it('finds the packed binary electron-builder renamed, on each platform', () => {
    const packager = { appInfo: { productFilename: 'Kira' }, executableName: 'kira' };
    expect(packedBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe('/o/kira');
    expect(packedBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe('/o/Kira.exe');
    expect(packedBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe('/o/Kira.app');
  });

  it("is wired as electron-builder's afterPack hook", () => {
    const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^afterPack: \.\/scripts\/after-pack\.mjs$/m);
    expect(yml).toContain('"!dist/src-main/fuses.js"');
    // The integrity fuse checks the hash electron-builder embeds (Info.plist / .exe resource) unless told not to.
    expect(yml).not.toMatch(/disableAsarIntegrity/);
  });

  // The hook loads the compiled fuses module; `npm test` builds first.
  it.skipIf(!BUILT)("flips a binary's fuse wire when run as the hook", async () => {
    const binary = tmp.path('kira');
    standInBinary(binary);
    const hook = ((await import(join(ROOT, 'scripts', 'after-pack.mjs'))) as { default: (ctx: PackedApp) => Promise<void> }).default;
    await hook(linuxApp(tmp.dir));
    const wire = await getCurrentFuseWire(binary);
    expect([
      wire[FuseV1Options.RunAsNode],
      wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      wire[FuseV1Options.EnableNodeCliInspectArguments],
    ]).toEqual([OFF, OFF, OFF]);
    expect([wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], wire[FuseV1Options.OnlyLoadAppFromAsar]]).toEqual([ON, ON]);
    // Untouched: Electron's defaults stay.
    expect([wire[FuseV1Options.EnableCookieEncryption], wire[FuseV1Options.GrantFileProtocolExtraPrivileges]]).toEqual([OFF, ON]);
  });

  it.skipIf(!BUILT)('fails the build when the binary has no fuse wire', async () => {
    writeFileSync(tmp.path('no-wire'), 'not electron');
    const hook = ((await import(join(ROOT, 'scripts', 'after-pack.mjs'))) as { default: (ctx: PackedApp) => Promise<void> }).default;
    const app = { ...linuxApp(tmp.dir), packager: { appInfo: { productFilename: 'Kira' }, executableName: 'no-wire' } };
    await expect(hook(app)).rejects.toThrow(/sentinel/);
  });
});
