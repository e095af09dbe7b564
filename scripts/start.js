#!/usr/bin/env node
// `npm start`: the Electron app when its binary is installed; otherwise `kira serve --demo` on the default data
// folder and the system browser. Plain JS so it runs before anything is built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron binary path, if the package and its downloaded binary are both there. */
function electronBinary() {
  try {
    const path = require('electron'); // the package's main exports the binary's path
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function dataDir() {
  if (process.env.KIRA_DATA_DIR) return process.env.KIRA_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Kira');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Kira');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'kira');
}

function hasCommand(cmd) {
  const probe = process.platform === 'win32' ? spawnSync('where', [cmd]) : spawnSync('sh', ['-c', `command -v ${cmd}`]);
  return probe.status === 0;
}

function openBrowser(url) {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return false;
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  if (process.platform !== 'win32' && !hasCommand(cmd)) return false;
  spawn(cmd, args, { stdio: 'ignore', detached: true }).unref();
  return true;
}

const electron = electronBinary();
if (electron) {
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const missing = ['dist/src-engine/cli/main.js', 'dist-renderer/index.html'].filter((p) => !existsSync(join(root, p)));
  if (missing.length) {
    process.stderr.write(`Kira is not built yet (missing ${missing.join(', ')}). Run \`npm run build\` first.\n`);
    process.exit(1);
  }
  const db = join(dataDir(), 'kira.db');
  process.stdout.write(`Electron is not installed: serving Kira in your browser instead (data: ${db}).\n`);
  const child = spawn(process.execPath, [join(root, 'bin/kira.js'), 'serve', '--demo', '--db', db], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const m = /Open: (\S+)/.exec(String(chunk));
    if (m && !opened) {
      opened = true;
      if (!openBrowser(m[1])) process.stdout.write('Open the URL above in your browser.\n');
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
