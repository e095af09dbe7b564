/**
 * main.ts is wiring only, but wiring can still be wrong. The Electron binary is absent, so the built
 * dist/src-main/main.js runs in a child Node process whose `electron` import resolves to a recording stand-in
 * (test/main/fake-electron/); the engine, database and protocol handler behind it are real.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FAKE = join(import.meta.dirname, 'fake-electron');
const MAIN = join(ROOT, 'dist', 'src-main', 'main.js');
const tmp = tempDir('kira-wiring-');
afterAll(() => tmp.cleanup());

interface Recorded {
  calls: { what: string; detail: unknown }[];
  channels: string[];
  frameNavigations: { url: string; isMainFrame: boolean; prevented: boolean; openedExternally: boolean }[];
  indexStatus: number | null;
  csp: string | null;
  handlersAfterQuit: number;
}

function runMain(env: Record<string, string>): Recorded {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
  const r = spawnSync(process.execPath, ['--import', join(FAKE, 'register.mjs'), join(FAKE, 'run-main.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      FAKE_MAIN: MAIN,
      FAKE_APP_PATH: ROOT,
      FAKE_USER_DATA: tmp.path('user-data'),
      KIRA_DATA_DIR: '',
      KIRA_DEVTOOLS: '',
      ...env,
    },
  });
  if (r.status !== 0) throw new Error(`main.js run failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Recorded;
}

const whats = (r: Recorded) => r.calls.map((c) => c.what);

describe('main.js wiring (stand-in electron, real engine)', () => {
  it('starts the engine on demo books, serves app://kira/ and opens one hardened window', () => {
    const r = runMain({});
    expect(existsSync(tmp.path('user-data/kira.db'))).toBe(true);
    // Before `ready`: the process-wide sandbox, then the privileged scheme.
    expect(whats(r).slice(0, 2)).toEqual(['enableSandbox', 'registerSchemesAsPrivileged']);
    expect(whats(r).indexOf('whenReady')).toBeGreaterThan(1);
    expect(r.calls.find((c) => c.what === 'BrowserWindow')?.detail).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(r.calls.find((c) => c.what === 'loadURL')?.detail).toBe('app://kira/');
    expect(r.indexStatus).toBe(200);
    expect(r.csp).toContain("default-src 'self'");
    expect(r.channels).toContain('kira:dashboard.overview');
    expect(r.channels).toContain('kira:live.subscribe');
    expect(r.calls.find((c) => c.what === 'setApplicationMenu')?.detail).toContain('View');
    // Quit waited for the shutdown (IPC handlers removed) before letting the app exit.
    expect(r.handlersAfterQuit).toBe(0);
    expect(whats(r).filter((w) => w === 'quit').length).toBe(2);
  });

  const menuOf = (r: Recorded) => r.calls.find((c) => c.what === 'setApplicationMenu')?.detail as string[];
  const windowPrefs = (r: Recorded) => r.calls.find((c) => c.what === 'BrowserWindow')?.detail as { devTools?: boolean };

  it('offers no Reload or DevTools in a packaged app, and refuses every frame navigation', () => {
    const navigations: [string, boolean][] = [
      ['https://example.com/help', true],
      ['https://example.com/help', false],
      ['app://kira/other.html', true],
      ['file:///etc/passwd', false],
      ['http://127.0.0.1:4000/', true],
    ];
    const r = runMain({ FAKE_PACKAGED: '1', FAKE_FRAME_NAVIGATIONS: JSON.stringify(navigations) });
    expect(menuOf(r)).toEqual(expect.arrayContaining(['View', 'Benchmark', 'zoomIn']));
    expect(menuOf(r)).not.toContain('reload');
    expect(menuOf(r)).not.toContain('toggleDevTools');
    expect(windowPrefs(r).devTools).toBe(false);
    // Refused, all of them; only a trusted link in the main frame goes to the browser (never from a subframe).
    expect(r.frameNavigations.map((n) => n.prevented)).toEqual([true, true, true, true, true]);
    expect(r.frameNavigations.map((n) => n.openedExternally)).toEqual([true, false, false, false, false]);
  });

  it('offers Reload and DevTools when not packaged, or packaged with KIRA_DEVTOOLS=1', () => {
    for (const env of [{ FAKE_PACKAGED: '0' }, { FAKE_PACKAGED: '1', KIRA_DEVTOOLS: '1' }] as Record<string, string>[]) {
      const r = runMain(env);
      // The calls say which path start-up took if the menu is missing.
      expect(menuOf(r), `${JSON.stringify(env)} ${JSON.stringify(whats(r))}`).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
      expect(windowPrefs(r).devTools, JSON.stringify(env)).toBe(true);
    }
  });

  it('shows the start-up error page, not a blank window, when the books cannot be opened', () => {
    const dir = tmp.path('corrupt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'kira.db'), 'not a database '.repeat(100));
    const r = runMain({ KIRA_DATA_DIR: dir });
    expect(r.calls.find((c) => c.what === 'loadURL')?.detail).toMatch(/^data:text\/html/);
    expect(r.channels).toEqual([]);
  });
});
