// A stand-in for the `electron` module (the binary is absent here) that records what main.js asks of it.
// Only for test/main/main-wiring.test.ts; every function does the least that lets the wiring run.
import { EventEmitter } from 'node:events';

export const calls = [];
const record = (what, detail = null) => calls.push({ what, detail });

class FakeApp extends EventEmitter {
  requestSingleInstanceLock() {
    record('requestSingleInstanceLock');
    return process.env.FAKE_SECOND_INSTANCE !== '1';
  }
  whenReady() {
    record('whenReady');
    return Promise.resolve();
  }
  enableSandbox() {
    record('enableSandbox');
  }
  get isPackaged() {
    return process.env.FAKE_PACKAGED === '1';
  }
  getPath(name) {
    record('getPath', name);
    return process.env.FAKE_USER_DATA;
  }
  getAppPath() {
    return process.env.FAKE_APP_PATH;
  }
  quit() {
    record('quit');
    const e = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('before-quit', e);
    if (!e.defaultPrevented) record('exited');
  }
}
export const app = new FakeApp();

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => record('registerSchemesAsPrivileged', schemes),
  handle: (scheme, handler) => {
    record('protocol.handle', scheme);
    globalThis.__kiraProtocol = handler;
  },
};
export const ipcMain = {
  handlers: new Map(),
  handle(channel, l) {
    this.handlers.set(channel, l);
  },
  removeHandler(channel) {
    this.handlers.delete(channel);
  },
};
export const Menu = {
  buildFromTemplate: (t) => ({ template: t }),
  // Every item, submenus included: the role, else the label.
  setApplicationMenu: (m) =>
    record(
      'setApplicationMenu',
      m.template.flatMap(function names(i) {
        return [i.label ?? i.role ?? i.type, ...(i.submenu ?? []).flatMap(names)];
      }),
    ),
};
export const shell = { openExternal: async (url) => record('openExternal', url) };

let nextId = 1;
/** Every web contents created, so run-main.mjs can fire navigation events at them. */
export const allContents = [];
class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.session = { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} };
    allContents.push(this);
  }
  setWindowOpenHandler(h) {
    this.windowOpen = h;
  }
  send(...args) {
    record('webContents.send', args);
  }
}
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new FakeWebContents();
    record('BrowserWindow', options.webPreferences);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    record('loadURL', url.slice(0, 40));
    return Promise.resolve();
  }
  setMenuBarVisibility() {}
  isMinimized() {
    return false;
  }
  focus() {}
}
export default { app, protocol, ipcMain, Menu, shell, BrowserWindow };
