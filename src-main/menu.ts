/**
 * The application menu: the usual roles (so copy/paste, zoom and quit behave as users expect on each platform)
 * — Reload and DevTools only for developers — plus View → Benchmark, which tells the renderer to open the benchmark panel. The template is pure (tested);
 * main.ts builds it with `Menu.buildFromTemplate`.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openDashboard(): void;
  openBenchmark(): void;
  openHelp(): void;
}

/** The renderer's views the menu can open (session.ts ViewId). */
export type NavigableView = 'dashboard' | 'bench';

/** The message the window receives on `kira:live`: event `navigate`, data `{ view }`. */
export const NAVIGATE_EVENT = 'navigate';

/** `developer`: add Reload and Toggle Developer Tools (dev-mode.ts decides; never in a packaged app by default). */
export function menuTemplate(
  actions: MenuActions,
  platform: NodeJS.Platform = process.platform,
  developer = false,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const developerItems: MenuItemConstructorOptions[] = developer
    ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { id: 'dashboard', label: 'Dashboard', accelerator: 'CmdOrCtrl+1', click: () => actions.openDashboard() },
        { id: 'benchmark', label: 'Benchmark', accelerator: 'CmdOrCtrl+B', click: () => actions.openBenchmark() },
        { type: 'separator' },
        ...developerItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ id: 'help', label: 'Kira documentation', click: () => actions.openHelp() }] },
  ];
}
