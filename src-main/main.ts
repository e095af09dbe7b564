/**
 * Electron entry: wiring only. Order matters in three places, each noted below; behaviour lives in the modules.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_SCHEME } from './app-protocol.js';
import { resolveDataLocation } from './data-dir.js';
import { developerToolsAllowed } from './dev-mode.js';
import { startDesktopEngine, type DesktopEngine } from './engine.js';
import { httpPortSetting, httpRateLimitSetting } from './http-port.js';
import { registerIpc } from './ipc.js';
import { LIVE_EVENT_CHANNEL } from './ipc-sender.js';
import { menuTemplate, NAVIGATE_EVENT, type NavigableView } from './menu.js';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.js';
import { createPdfPrinter } from './print-pdf.js';
import { claimSingleInstance } from './single-instance.js';
import { classifyStartupError, startupErrorUrl } from './startup-error.js';
import { createMainWindow, hardenWebContents, showErrorWindow } from './window.js';
import { errorMessage } from '../src-engine/core/errors.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const HELP_URL = 'https://github.com/kira-books/kira#readme';
const log = (line: string) => process.stderr.write(`${line}\n`);

// 1. Before `ready`: every renderer is sandboxed (whatever a window's options say), and only now may a scheme
// become a secure standard origin.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
const devTools = developerToolsAllowed(app.isPackaged, process.env);

let mainWindow: BrowserWindow | null = null;

if (claimSingleInstance(() => mainWindow)) void app.whenReady().then(start);
else app.quit();

async function start(): Promise<void> {
  // 2. Before any window exists, so no web contents escapes the rules.
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, log));
  app.on('window-all-closed', () => app.quit());

  const location = resolveDataLocation(process.env, app.getPath('userData'));
  let engine: DesktopEngine;
  let portSetting: number | null;
  try {
    portSetting = httpPortSetting(process.env);
    const rateLimit = httpRateLimitSetting(process.env);
    engine = startDesktopEngine({
      dbPath: location.dbPath,
      demo: true,
      log,
      httpPort: portSetting ?? 0,
      printPdf: createPdfPrinter(BrowserWindow),
      ...(rateLimit ? { httpRateLimit: rateLimit } : {}),
    });
  } catch (e) {
    log(`kira: start-up failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    showErrorWindow(startupErrorUrl(classifyStartupError(e, location.dbPath)));
    return;
  }

  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(app.getAppPath(), 'dist-renderer')));
  const http = engine.http;
  const ownContents = new Set<number>();
  const ipc = registerIpc({
    ipcMain,
    invoke: engine.invoke,
    live: engine.hub,
    isOwnWindow: (id) => ownContents.has(id),
    onRefused: (channel, reason) => log(`kira ipc: refused ${channel}: ${reason}`),
  });

  const navigate = (view: NavigableView) => mainWindow?.webContents.send(LIVE_EVENT_CHANNEL, NAVIGATE_EVENT, { view });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          openDashboard: () => navigate('dashboard'),
          openBenchmark: () => navigate('bench'),
          openHelp: () => void shell.openExternal(HELP_URL),
        },
        process.platform,
        devTools,
      ),
    ),
  );

  mainWindow = createMainWindow(join(HERE, 'preload.cjs'), devTools);
  const contentsId = mainWindow.webContents.id;
  ownContents.add(contentsId);
  mainWindow.on('closed', () => {
    ownContents.delete(contentsId);
    mainWindow = null;
  });
  void engine.warm().catch((e: unknown) => log(`kira: warming the cache failed: ${String(e)}`));

  if (portSetting !== null) {
    try {
      const port = await http.ensure();
      // Like `kira serve`: the token travels in the fragment, which never reaches the server or its logs.
      process.stdout.write(`Kira HTTP port: ${port.url}\nOpen: ${port.url}/#token=${port.token}\n`);
    } catch (e) {
      log(`kira: could not open KIRA_HTTP_PORT=${portSetting}: ${errorMessage(e)}`);
    }
  }

  // 3. Shutdown: stop taking IPC calls and wait for those in flight, then the engine in its one order (benchmark,
  // port, pool, backups, database). `before-quit` is held once until that is done.
  let shutDown = false;
  app.on('before-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    shutDown = true;
    void (async () => {
      try {
        await ipc.close();
        await engine.close();
      } catch (e) {
        log(`kira: shutdown: ${errorMessage(e)}`);
      }
      app.quit();
    })();
  });
}
