/** Start a real `kira serve` on a fresh demo database (port 0) and parse the URL it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Served {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The URL to open, with the token in its fragment. */
  url: string;
  token: string;
  /** GET/POST the API with the bearer. */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown; text?: string }): Promise<T>;
  stop(): Promise<void>;
}

export async function startKira(): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'kira-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['bin/kira.js', 'serve', '--db', join(dir, 'kira.db'), '--demo', '--port', '0'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kira serve printed no URL in 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`kira serve exited with ${code}:\n${out}`)));
  });
  const origin = new URL(url).origin;
  const token = url.split('#token=')[1]!;
  return {
    origin,
    url,
    token,
    async api<T>(path: string, init: { method?: string; body?: unknown; text?: string } = {}): Promise<T> {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
      let body: string | undefined;
      if (init.text !== undefined) {
        headers['Content-Type'] = 'text/csv';
        body = init.text;
      } else if (init.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(init.body);
      }
      const res = await fetch(origin + path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
      const json = (await res.json()) as T;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
