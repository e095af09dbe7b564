// Types of dist-offline.mjs, for the tests (scripts run as plain Node, without a compile step).
export interface Target {
  platform: string;
  arch: string;
}
export interface DownloadFailure {
  what: 'electron' | 'headers' | 'other';
  host: string | null;
}
export interface OfflineContext extends Target {
  version: string;
  cacheRoot: string;
}
export function electronZipName(version: string, platform: string, arch: string): string;
export function hasElectronDist(args: readonly string[]): boolean;
export function hostTarget(args: readonly string[], platform: string, arch: string): Target | null;
export function electronCacheRoot(env: Readonly<Record<string, string | undefined>>, platform: string, home: string): string;
export function electronDownloadHost(env: Readonly<Record<string, string | undefined>>): string;
export function downloadFailure(output: string): DownloadFailure | null;
export function offlineLine(failure: DownloadFailure, ctx: OfflineContext): string;
