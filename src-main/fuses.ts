/**
 * The Electron fuses Kira's packaged binary is flipped to (scripts/after-pack.mjs, at pack time, before signing).
 * Fuses are bits in the binary itself, so no command line, environment variable or file beside the app can turn
 * them back. Pure (tested): the hook passes @electron/fuses' enums in, so this module never loads the library
 * and is never loaded by the app (electron-builder.yml leaves it out of app.asar).
 */
import type { FuseConfig, FuseV1Options, FuseVersion } from '@electron/fuses';
import { join } from 'node:path';

export type FuseName = keyof typeof FuseV1Options;

/** Off: ways to run the binary as something other than Kira. On: the app code must be the signed app.asar. */
const KIRA_FUSES = {
  // ELECTRON_RUN_AS_NODE would make the binary a plain Node. Kira's app never forks itself (its benchmark
  // generator runs in a worker thread; only the CLI, under plain Node, forks).
  RunAsNode: false,
  // NODE_OPTIONS=--require evil.js would run code in the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk would open a debugger on the main process.
  EnableNodeCliInspectArguments: false,
  // macOS and Windows check app.asar against the hash electron-builder embeds (no effect on Linux).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Electron loads the app only from resources/app.asar, never from a resources/app/ folder someone drops in.
  OnlyLoadAppFromAsar: true,
} as const satisfies Partial<Record<FuseName, boolean>>;

export interface FusesLibrary {
  FuseV1Options: typeof FuseV1Options;
  FuseVersion: typeof FuseVersion;
  flipFuses(pathToElectron: string, config: FuseConfig): Promise<number>;
}

/**
 * The config for `flipFuses(binary, config)`. Fuses not named keep Electron's default. Flipping fuses breaks
 * the ad-hoc signature macOS on Apple Silicon requires of every binary, so it is redone there (electron-builder's
 * real signing, when configured, runs after the hook).
 */
export function kiraFuseConfig(lib: Pick<FusesLibrary, 'FuseV1Options' | 'FuseVersion'>, platform: string): FuseConfig {
  const config: FuseConfig = { version: lib.FuseVersion.V1, resetAdHocDarwinSignature: platform === 'darwin' };
  for (const [name, on] of Object.entries(KIRA_FUSES) as [FuseName, boolean][]) config[lib.FuseV1Options[name]] = on;
  return config;
}

/** What the hook needs of electron-builder's AfterPackContext. */
export interface PackedApp {
  appOutDir: string;
  /** 'linux' | 'win32' | 'darwin' | 'mas' */
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

/** The packed Electron binary (where electron-builder put it, renamed): @electron/fuses finds the fuse wire in it. */
export function packedBinaryPath(app: PackedApp): string {
  const { appOutDir, electronPlatformName: platform, packager } = app;
  if (platform === 'darwin' || platform === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (platform === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
}

/** The afterPack hook's body. A failure rejects the build: a package without its fuses is never produced. */
export async function applyKiraFuses(app: PackedApp, lib: FusesLibrary): Promise<void> {
  await lib.flipFuses(packedBinaryPath(app), kiraFuseConfig(lib, app.electronPlatformName));
}
