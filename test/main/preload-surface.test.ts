/**
 * The preload's exposed surface, on the file that ships (dist/src-main/preload.cjs) and on a fresh compile of
 * the source (so a stale build cannot hide a change). Electron is absent here, so `require('electron')` is a
 * stub that records what the preload exposes and what it sends; the preload code itself runs for real in a
 * vm context, as a sandboxed preload does (CommonJS, `require` only).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILT = join(ROOT, 'dist', 'src-main', 'preload.cjs');
const SOURCE = join(ROOT, 'src-main', 'preload.cts');

interface Recorded {
  exposed: Map<string, unknown>;
  invoked: { channel: string; args: unknown[] }[];
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  required: string[];
}

function loadPreload(code: string): Recorded {
  const rec: Recorded = { exposed: new Map(), invoked: [], listeners: new Map(), required: [] };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => rec.exposed.set(key, value) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        rec.invoked.push({ channel, args });
        return Promise.resolve({ status: 200, body: null });
      },
      on: (channel: string, l: (...args: unknown[]) => void) =>
        void (rec.listeners.get(channel) ?? rec.listeners.set(channel, new Set()).get(channel)!).add(l),
      removeListener: (channel: string, l: (...args: unknown[]) => void) => void rec.listeners.get(channel)?.delete(l),
    },
  };
  const module = { exports: {} };
  const require = (id: string) => {
    rec.required.push(id);
    if (id !== 'electron') throw new Error(`a sandboxed preload can only require electron, not ${id}`);
    return electron;
  };
  runInNewContext(code, { require, module, exports: module.exports, Promise, Error, String, RegExp });
  return rec;
}

function freshCompile(): string {
  return ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
    fileName: 'preload.cts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023, esModuleInterop: true },
  }).outputText;
}

const variants: [string, () => string][] = [
  [
    'dist/src-main/preload.cjs (the shipped file)',
    () => {
      if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npx tsc -p tsconfig.build.json\` first`);
      return readFileSync(BUILT, 'utf8');
    },
  ],
  ['src-main/preload.cts compiled now', freshCompile],
];

describe.each(variants)('preload surface: %s', (_label, code) => {
  it('requires only electron and exposes exactly window.kira = { transport, invoke, onLive, subscribe }', () => {
    const rec = loadPreload(code());
    expect(rec.required).toEqual(['electron']);
    expect([...rec.exposed.keys()]).toEqual(['kira']);
    const kira = rec.exposed.get('kira') as Record<string, unknown>;
    expect(Object.keys(kira).sort()).toEqual(['invoke', 'onLive', 'subscribe', 'transport']);
    expect(kira.transport).toBe('ipc');
  });

  it('invoke forwards handler names as kira:<name> channels and refuses anything else without sending', async () => {
    const rec = loadPreload(code());
    const kira = rec.exposed.get('kira') as { invoke(name: unknown, input?: unknown): Promise<unknown> };
    await kira.invoke('dashboard.overview', { company: 1 });
    await kira.invoke('companies.list');
    expect(rec.invoked).toEqual([
      { channel: 'kira:dashboard.overview', args: [{ company: 1 }] },
      { channel: 'kira:companies.list', args: [{}] },
    ]);
    for (const bad of [
      'live',
      'kira:dashboard.overview',
      'dashboard.overview/../x',
      '../x.y',
      'a.b.c',
      'Dashboard.overview',
      '',
      'x.y ',
      42,
      null,
    ]) {
      await expect(kira.invoke(bad), String(bad)).rejects.toThrow(/invalid handler name/);
    }
    expect(rec.invoked).toHaveLength(2);
  });

  it('onLive passes (event, data) without the IPC event object and unsubscribes; subscribe uses kira:live.subscribe', async () => {
    const rec = loadPreload(code());
    const kira = rec.exposed.get('kira') as {
      onLive(l: (e: string, d: unknown) => void): () => void;
      subscribe(c: number): Promise<unknown>;
    };
    const seen: unknown[][] = [];
    const off = kira.onLive((e, d) => seen.push([e, d]));
    const [listener] = rec.listeners.get('kira:live') ?? [];
    listener?.({ sender: 'the ipc event must not leak' }, 'aggregate', { revenue: 1 });
    expect(seen).toEqual([['aggregate', { revenue: 1 }]]);
    off();
    expect(rec.listeners.get('kira:live')?.size).toBe(0);
    await kira.subscribe(3);
    expect(rec.invoked).toEqual([{ channel: 'kira:live.subscribe', args: [{ company: 3 }] }]);
  });
});
