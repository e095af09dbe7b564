import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../helpers/electron-binary.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('kira-electron-binary-');
afterAll(() => tmp.cleanup());

function electronPackage(name: string, files: Record<string, string>): string {
  const dir = tmp.path(name);
  for (const [file, text] of Object.entries({ 'package.json': '{}', ...files })) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe("the Electron end-to-end tests' skip reason", () => {
  const offline = () => false;
  const online = () => true;

  it('says the binary is missing and why: no network, a skipped download, or a failed one', () => {
    const dir = electronPackage('no-dist', {});
    expect(electronBinary(dir, {}, offline)).toEqual({
      missing:
        "Electron's binary is not installed (node_modules/electron/dist missing: it cannot be downloaded on this machine: no network); run `node node_modules/electron/install.js` with network",
    });
    expect((electronBinary(dir, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, online) as { missing: string }).missing).toContain(
      'ELECTRON_SKIP_BINARY_DOWNLOAD is set',
    );
    expect((electronBinary(dir, {}, online) as { missing: string }).missing).toContain('its download failed or never ran');
  });

  it('finds the binary path.txt names, or names the missing file', () => {
    const ok = electronPackage('ok', { 'path.txt': 'electron', 'dist/electron': '' });
    expect(electronBinary(ok, {}, offline)).toEqual({ path: join(ok, 'dist', 'electron') });
    const broken = electronPackage('broken', { 'path.txt': 'electron', 'dist/other': '' });
    expect((electronBinary(broken, {}, offline) as { missing: string }).missing).toContain(`${join(broken, 'dist', 'electron')} missing`);
    expect((electronBinary(tmp.path('absent'), {}, offline) as { missing: string }).missing).toMatch(/electron package is not installed/);
  });
});
