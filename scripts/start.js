#!/usr/bin/env node
// `npm start`: the Electron app when its binary is installed; otherwise `kira serve --demo` on the default data
// folder, opened in the system browser where there is one. Whatever is not built yet (or older than its
// sources) is built first, so `npm install && npm start` works on a fresh clone. Arguments after `--` go to
// `kira serve` (`npm start -- --port 8080 --db PATH`). Plain JS so it runs before anything is built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

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

/** Newest modification time (ms) of any file below `dir`; 0 when it does not exist. */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) max = Math.max(max, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return max;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

/** The builds `npm start` needs, each with whether it is missing or older than its sources. */
function staleBuilds() {
  const engineOut = mtime(join(root, 'dist/src-engine/cli/main.js'));
  const pageOut = mtime(join(root, 'dist-renderer/index.html'));
  const engineSrc = Math.max(newest(join(root, 'src-engine')), newest(join(root, 'src-main')));
  // The page imports the engine's pure core, so a change there rebuilds it too.
  const pageSrc = Math.max(newest(join(root, 'src-renderer')), newest(join(root, 'src-engine/core')), mtime(join(root, 'vite.config.ts')));
  return [
    { script: 'build:engine', what: 'the engine', stale: engineOut === 0 || engineOut < engineSrc },
    { script: 'build:renderer', what: 'the page', stale: pageOut === 0 || pageOut < pageSrc },
  ].filter((b) => b.stale);
}

function build() {
  const npm = process.env.npm_execpath;
  for (const b of staleBuilds()) {
    process.stdout.write(`Building ${b.what} (npm run ${b.script})…\n`);
    const run = npm
      ? spawnSync(process.execPath, [npm, 'run', '--silent', b.script], { cwd: root, stdio: 'inherit' })
      : spawnSync('npm', ['run', '--silent', b.script], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    if (run.status !== 0) {
      process.stderr.write(`kira: building ${b.what} failed (npm run ${b.script} exited ${run.status ?? run.signal}); see above.\n`);
      process.exit(1);
    }
  }
}

function hasCommand(cmd) {
  const probe = process.platform === 'win32' ? spawnSync('where', [cmd]) : spawnSync('sh', ['-c', `command -v ${cmd}`]);
  return probe.status === 0;
}

function openBrowser(url) {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return false;
  const [cmd, cmdArgs] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  if (process.platform !== 'win32' && !hasCommand(cmd)) return false;
  spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true }).unref();
  return true;
}

const electron = electronBinary();
if (electron) {
  const child = spawn(electron, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  build();
  const hasDb = args.some((a) => a === '--db' || a.startsWith('--db='));
  const db = hasDb ? null : join(dataDir(), 'kira.db');
  process.stdout.write("Electron's binary is not installed here: serving Kira to your browser instead.\n");
  const serveArgs = ['serve', '--demo', ...(db ? ['--db', db] : []), ...args];
  const child = spawn(process.execPath, [join(root, 'bin/kira.js'), ...serveArgs], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const m = /Open: (\S+)/.exec(String(chunk));
    if (m && !opened) {
      opened = true;
      if (openBrowser(m[1])) process.stdout.write('Opened in your browser.\n');
      else process.stdout.write('Open that address in your browser (the token after # is your key; keep it private).\n');
    }
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}
