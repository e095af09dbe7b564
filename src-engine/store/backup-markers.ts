/**
 * Ownership markers: `<db>.running-<pid>` exists while a service has the database open, so a restore (and the
 * startup check) can tell a live owner from a crashed one.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RunningMarker {
  path: string;
  pid: number;
  alive: boolean;
}

export function runningMarkers(dbPath: string): RunningMarker[] {
  const dir = dirname(resolve(dbPath));
  const prefix = `${basename(dbPath)}.running-`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => {
      const pid = Number(n.slice(prefix.length));
      return { path: join(dir, n), pid, alive: pidAlive(pid) };
    });
}

export function writeRunningMarker(dbPath: string): string {
  const path = `${resolve(dbPath)}.running-${process.pid}`;
  writeFileSync(path, JSON.stringify({ pid: process.pid, started_at: new Date().toISOString() }) + '\n');
  return path;
}
