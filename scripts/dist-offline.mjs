// Pure helpers of scripts/dist.mjs (tested in test/main/dist.test.ts; types in dist-offline.d.mts): where a local
// Electron can come from, and the one line `npm run dist` ends with when something must be downloaded and
// cannot be.
import { join } from 'node:path';

const PLATFORM_FLAGS = {
  '--linux': 'linux',
  '-l': 'linux',
  '--win': 'win32',
  '--windows': 'win32',
  '-w': 'win32',
  '--mac': 'darwin',
  '--macos': 'darwin',
  '-m': 'darwin',
};
const ARCH_FLAGS = ['--x64', '--ia32', '--arm64', '--armv7l', '--universal'];

export function electronZipName(version, platform, arch) {
  return `electron-v${version}-${platform}-${arch}.zip`;
}

/** True when the command line already says where Electron comes from (electron-builder's `electronDist`). */
export function hasElectronDist(args) {
  return args.some((a) => /^(--config|-c|--c)\.electronDist(=|$)/.test(a));
}

/**
 * The one platform/arch being built when it is this machine's (no platform or arch flag naming another);
 * null for a cross build, where a local Electron of this machine would be the wrong one.
 */
export function hostTarget(args, platform, arch) {
  const platforms = new Set(args.filter((a) => a in PLATFORM_FLAGS).map((a) => PLATFORM_FLAGS[a]));
  const arches = new Set(args.filter((a) => ARCH_FLAGS.includes(a)).map((a) => a.slice(2)));
  if ([...platforms].some((p) => p !== platform) || [...arches].some((a) => a !== arch)) return null;
  return { platform, arch };
}

/** @electron/get's cache (where `npm install` of electron and electron-builder keep the zip), or ELECTRON_CACHE. */
export function electronCacheRoot(env, platform, home) {
  if (env.ELECTRON_CACHE) return env.ELECTRON_CACHE;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'electron');
}

/** The host Electron's zip is fetched from: ELECTRON_MIRROR's, else GitHub's. */
export function electronDownloadHost(env) {
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || env.NPM_CONFIG_ELECTRON_MIRROR;
  if (mirror) {
    try {
      return new URL(mirror).hostname;
    } catch {
      // not a URL: electron-builder will say so itself
    }
  }
  return 'github.com';
}

/**
 * What failed to download, read from electron-builder's output after it failed: 'electron' (the packaging step
 * fetches Electron's zip), 'headers' (the native rebuild fetches Electron's headers), 'other' (a packaging
 * tool), with the host when the error names one; null when the failure is not a download.
 */
export function downloadFailure(output) {
  const host = /getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)/.exec(output)?.[1] ?? null;
  const network = host !== null || /network connectivity|ENETUNREACH|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ENOTFOUND/.test(output);
  if (!network) return null;
  const steps = output.split('\n').filter((l) => /^\s*•/.test(l));
  const last = steps.at(-1) ?? '';
  if (
    /node-gyp|@electron\/rebuild|preparing\s+moduleName|installing native dependencies/.test(last) ||
    /node-gyp failed to rebuild/.test(output)
  )
    return { what: 'headers', host: host ?? 'www.electronjs.org' };
  if (/packaging\s+platform=/.test(last)) return { what: 'electron', host: host ?? 'github.com' };
  return { what: 'other', host };
}

/** The one line `npm run dist` ends with when a download is needed and impossible. */
export function offlineLine(failure, ctx) {
  const { version, platform, arch, cacheRoot } = ctx;
  if (failure.what === 'headers') {
    return `kira dist: cannot download Electron ${version}'s headers from ${failure.host} (no network) to rebuild better-sqlite3 for Electron: run once with network (node-gyp caches them), or, with better-sqlite3 already built for Electron ${version}, add --config.npmRebuild=false; see docs/electron.md`;
  }
  if (failure.what === 'electron') {
    const zip = electronZipName(version, platform, arch);
    return `kira dist: cannot download Electron ${version} (${zip} from ${failure.host}): no network. Supply a local Electron: \`npm run dist -- --config.electronDist=PATH\` (PATH = that zip or an unpacked Electron folder), or put the zip in the Electron cache (ELECTRON_CACHE, here ${cacheRoot}); see docs/electron.md`;
  }
  return `kira dist: electron-builder cannot download its packaging tools${failure.host ? ` from ${failure.host}` : ''} (no network): run once with network to fill its cache (ELECTRON_BUILDER_CACHE), or build only the unpacked app with \`npm run dist -- --dir\`; see docs/electron.md`;
}
