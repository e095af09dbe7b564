/**
 * Runs the `kira` command as a user would: `node bin/kira.js …` over the compiled engine in dist/ (`npm test`
 * builds first; run `npm run build:engine` before running such a test file alone).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = new URL('../../', import.meta.url).pathname;
const KIRA_BIN = `${ROOT}bin/kira.js`;

/** Runs `kira`, returning the exit code instead of throwing on a non-zero one. */
export async function kira(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [KIRA_BIN, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
