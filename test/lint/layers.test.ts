import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The layer rules are only worth something if they fire: lint small snippets as if they lived in each folder.
// The snippets' files do not exist, so no tsconfig holds them: type-aware rules are switched off here (the layer
// rules read only the syntax).
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  // A snippet that does not parse would pass every "no violation" case silently.
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file}: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'kira/layers').map((m) => m.message);
}

// The README's "How it is built" table, written out again on purpose: the rule's own table is what is under test.
const ENGINE = [
  'core',
  'store',
  'data',
  'dashboard',
  'reports',
  'live',
  'workers',
  'pool',
  'bench',
  'bench/thread',
  'service',
  'service/common',
  'service/api',
  'service/http',
  'service/ipc',
  'service/root',
  'cli',
] as const;
type Engine = (typeof ENGINE)[number];
const BELOW_ROOT = ENGINE.filter((l) => l !== 'cli' && l !== 'service/root');
const MAY: Record<Engine, readonly Engine[]> = {
  core: [],
  store: ['core'],
  data: ['core', 'store'],
  dashboard: ['core', 'store'],
  reports: ['core', 'store', 'dashboard'],
  live: ['core', 'store', 'dashboard'],
  workers: ['core', 'store'],
  pool: ['core', 'store', 'workers'],
  bench: ['core', 'store', 'bench/thread'],
  'bench/thread': ['core'],
  service: BELOW_ROOT,
  'service/common': ['core', 'store', 'dashboard', 'live', 'pool'],
  'service/api': ['core', 'store', 'data', 'dashboard', 'reports', 'live', 'pool', 'bench', 'service/common'],
  'service/http': ['core', 'store', 'live', 'service/api', 'service/common'],
  'service/ipc': ['core', 'service/api', 'service/common'],
  'service/root': ENGINE.filter((l) => l !== 'cli'),
  cli: ENGINE.filter((l) => l !== 'cli'),
};

/** A file in `layer` at `depth` folders below the layer's own folder, and the `../` that climbs back to src-engine/. */
function place(layer: Engine, depth: number): { file: string; up: string } {
  const sub = ['a', 'b', 'c'].slice(0, depth);
  return { file: ['src-engine', layer, ...sub, 'x.ts'].join('/'), up: '../'.repeat(depth + layer.split('/').length) };
}

describe('every engine layer row', () => {
  for (const from of ENGINE) {
    it(`src-engine/${from}/ imports only ${MAY[from].join(', ') || 'itself'} (from any subfolder depth)`, async () => {
      for (const depth of [0, 2]) {
        const { file, up } = place(from, depth);
        for (const to of ENGINE) {
          const code = `import { v } from '${up}${to}/deep/er/mod.js';\nexport const w = v;\n`;
          const found = await violations(file, code);
          if (to === from || MAY[from].includes(to)) expect(found, `${file} -> ${to}`).toEqual([]);
          // (core's package-name patterns may add a second message for a folder named like a Node module, e.g. http)
          else expect(found, `${file} -> ${to}`).toContainEqual(expect.stringContaining(`src-engine/${from}/ may import`));
        }
      }
    });
  }

  it('catches the crossings the review found', async () => {
    for (const from of ['store', 'dashboard', 'workers'] as const) {
      expect(
        await violations(
          `src-engine/${from}/x.ts`,
          "import { createEngine } from '../service/root/engine.js';\nexport const c = createEngine;\n",
        ),
      ).toHaveLength(1);
    }
    expect(await violations('src-engine/core/bench/x.ts', "import { run } from '../../bench/runner.js';\nexport const r = run;\n")).toEqual(
      [expect.stringMatching(/pure layer/)],
    );
    // …while `../bench/` from core/bench/ is core's own subfolder.
    expect(await violations('src-engine/core/bench/x.ts', "import { t } from '../bench/types.js';\nexport const u = t;\n")).toEqual([]);
    // live is wired by the service, never the reverse.
    expect(await violations('src-engine/live/x.ts', "import { e } from '../service/root/engine.js';\nexport const f = e;\n")).toHaveLength(
      1,
    );
    expect(await violations('src-engine/service/x.ts', "import { h } from '../live/create-hub.js';\nexport const g = h;\n")).toEqual([]);
  });

  it('judges import(), typeof import(), re-exports and odd spellings by where the file lives', async () => {
    const file = 'src-engine/data/import/x.ts';
    expect(await violations(file, "export const m = () => import('../../service/root/engine.js');\n")).toHaveLength(1);
    expect(await violations(file, "export type M = typeof import('../../cli/main.js');\n")).toHaveLength(1);
    expect(await violations(file, "export { v } from '../../live/hub.js';\n")).toHaveLength(1);
    expect(await violations(file, "export * from '../../live/hub.js';\n")).toHaveLength(1);
    expect(await violations(file, "import { v } from './../../core/../live/hub.js';\nexport const w = v;\n")).toHaveLength(1);
    expect(await violations(file, "import { v } from '../../../src-engine/service/root/engine.js';\nexport const w = v;\n")).toHaveLength(
      1,
    );
    expect(await violations(file, "import { v } from '../../store/store.js';\nexport const w = v;\n")).toEqual([]);
    expect(await violations(file, "import { v } from '../csv-import.js';\nexport const w = v;\n")).toEqual([]);
    // A type is still a dependency for the engine's own layers.
    expect(await violations(file, "import type { E } from '../../service/root/engine.js';\nexport type F = E;\n")).toHaveLength(1);
  });

  it('places new files by their folder and refuses a folder the table does not know', async () => {
    expect(
      await violations('src-engine/cli/commands/report.ts', "import { r } from '../../service/root/server.js';\nexport const s = r;\n"),
    ).toEqual([]);
    expect(
      await violations('src-engine/dashboard/reports/x.ts', "import { r } from '../../service/root/server.js';\nexport const s = r;\n"),
    ).toHaveLength(1);
    expect(await violations('src-engine/newthing/x.ts', 'export const a = 1;\n')).toEqual([
      expect.stringMatching(/not in the layer table/),
    ]);
    expect(await violations('src-engine/store/x.ts', "import { a } from '../newthing/x.js';\nexport const b = a;\n")).toHaveLength(1);
  });

  it('lets files directly in src-engine/ serve the I/O layers and import only core', async () => {
    for (const from of ['pool', 'bench', 'service', 'cli'] as const) {
      expect(
        await violations(`src-engine/${from}/x.ts`, "import { packageRoot } from '../package-root.js';\nexport const p = packageRoot;\n"),
      ).toEqual([]);
    }
    for (const from of ['core', 'store', 'data', 'dashboard', 'live', 'workers'] as const) {
      expect(
        await violations(`src-engine/${from}/x.ts`, "import { packageRoot } from '../package-root.js';\nexport const p = packageRoot;\n"),
      ).toHaveLength(1);
    }
    expect(await violations('src-engine/x.ts', "import { a } from './core/money.js';\nexport const b = a;\n")).toEqual([]);
    expect(await violations('src-engine/x.ts', "import { a } from './store/open.js';\nexport const b = a;\n")).toHaveLength(1);
  });
});

describe('the layer check', () => {
  it('keeps I/O and adapters out of the pure core', async () => {
    expect(await violations('src-engine/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual([
      expect.stringMatching(/pure layer/),
    ]);
    expect(await violations('src-engine/core/x.ts', "import { Store } from '../store/store.js';\nexport const s = Store;\n")).toHaveLength(
      1,
    );
    expect(
      await violations('src-engine/core/x.ts', "import BetterSqlite3 from 'better-sqlite3';\nexport const b = BetterSqlite3;\n"),
    ).toHaveLength(1);
    expect(await violations('src-engine/core/x.ts', "import { addDays } from './dates.js';\nexport const a = addDays;\n")).toEqual([]);
  });

  it('keeps Electron, the main process, the renderer, scripts and tests out of the engine', async () => {
    expect(await violations('src-engine/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringMatching(/plain Node/),
    ]);
    for (const target of ['src-renderer/src/x.js', 'src-main/window.js', 'bench/service-http.js', 'test/helpers/x.js']) {
      expect(
        await violations('src-engine/service/api/handlers/x.ts', `import { x } from '../../../../${target}';\nexport const y = x;\n`),
      ).toEqual([expect.stringMatching(/plain Node/)]);
    }
  });

  it('lets the renderer import only pure helpers and types from the engine', async () => {
    const file = 'src-renderer/src/views/x/x.tsx';
    const engine = '../../../../src-engine';
    expect(await violations(file, `import { formatDecimal } from '${engine}/core/money.js';\nexport const f = formatDecimal;\n`)).toEqual(
      [],
    );
    expect(await violations(file, `import type { Store } from '${engine}/store/store.js';\nexport type S = Store;\n`)).toEqual([]);
    expect(await violations(file, `import { type A, type B } from '${engine}/dashboard/types.js';\nexport type C = A | B;\n`)).toEqual([]);
    expect(await violations(file, `import { Store } from '${engine}/store/store.js';\nexport const S = Store;\n`)).toEqual([
      expect.stringMatching(/sandboxed page/),
    ]);
    expect(await violations(file, `import { type A, b } from '${engine}/dashboard/types.js';\nexport const c: A = b;\n`)).toHaveLength(1);
    expect(await violations(file, `import { x } from '../../../../src-main/window.js';\nexport const y = x;\n`)).toHaveLength(1);
    expect(await violations(file, "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toHaveLength(1);
    expect(await violations(file, "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n")).toHaveLength(1);
  });

  it('lets the main process import the engine but not renderer modules', async () => {
    expect(await violations('src-main/x.ts', "import { x } from '../src-renderer/src/x.js';\nexport const y = x;\n")).toEqual([
      expect.stringMatching(/wiring/),
    ]);
    expect(
      await violations(
        'src-main/x.ts',
        "import { createEngine } from '../src-engine/service/root/engine.js';\nexport const c = createEngine;\n",
      ),
    ).toEqual([]);
    expect(await violations('src-main/x.ts', "import { run } from '../src-engine/cli/main.js';\nexport const r = run;\n")).toEqual([]);
    expect(await violations('src-main/preload.cts', "import x = require('../src-renderer/src/x.js');\nexport const y = x;\n")).toHaveLength(
      1,
    );
    expect(
      await violations('src-main/x.cts', "const x: unknown = require('../src-renderer/src/x.js');\nexport const y = x;\n"),
    ).toHaveLength(1);
    expect(
      await violations('src-main/x.cts', "const x: unknown = require('../src-engine/service/root/engine.js');\nexport const y = x;\n"),
    ).toEqual([]);
  });

  it('leaves bench scripts and tests free to import anything', async () => {
    expect(await violations('bench/x.ts', "import { e } from '../src-engine/service/root/engine.js';\nexport const f = e;\n")).toEqual([]);
    expect(await violations('test/x/x.test.ts', "import { e } from '../../src-engine/cli/main.js';\nexport const f = e;\n")).toEqual([]);
  });
});
