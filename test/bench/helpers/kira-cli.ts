/** `kira bench` as a user runs it: the built CLI (bin/kira.js → dist/) in a child process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const KIRA = join(import.meta.dirname, '..', '..', '..', 'bin', 'kira.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function kiraBench(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KIRA, 'bench', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
