import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../src-main/menu.js';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('application menu', () => {
  it('reaches the benchmark panel from View → Benchmark', () => {
    const calls: string[] = [];
    const items = flatten(
      menuTemplate(
        { openDashboard: () => calls.push('dashboard'), openBenchmark: () => calls.push('bench'), openHelp: () => calls.push('help') },
        'linux',
      ),
    );
    const bench = items.find((i) => i.id === 'benchmark');
    expect(bench?.label).toBe('Benchmark');
    expect(bench?.accelerator).toBe('CmdOrCtrl+B');
    (bench?.click as () => void)();
    expect(calls).toEqual(['bench']);
  });

  const roles = (p: NodeJS.Platform, developer?: boolean) =>
    flatten(menuTemplate({ openDashboard() {}, openBenchmark() {}, openHelp() {} }, p, developer))
      .map((i) => i.role)
      .filter(Boolean);

  it('has the usual roles, with the app menu on macOS only', () => {
    expect(roles('linux')).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'windowMenu', 'zoomIn', 'togglefullscreen', 'help']));
    expect(roles('linux')).not.toContain('appMenu');
    expect(roles('darwin')[0]).toBe('appMenu');
  });

  it('offers Reload and Toggle DevTools to developers only (none by default)', () => {
    for (const p of ['linux', 'darwin', 'win32'] as const) {
      expect(roles(p)).not.toContain('reload');
      expect(roles(p)).not.toContain('toggleDevTools');
      expect(roles(p, true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    }
  });
});
