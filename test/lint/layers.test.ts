import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules are only worth something if they fire: lint small snippets as if they lived in each folder.
const eslint = new ESLint({ cwd: process.cwd() });

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer check', () => {
  it('keeps I/O and adapters out of the pure core', async () => {
    expect(await violations('src-engine/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual([
      expect.stringMatching(/pure layer/),
    ]);
    expect(await violations('src-engine/core/x.ts', "import { Store } from '../store/store.js';\nexport const s = Store;\n")).toHaveLength(1);
    expect(await violations('src-engine/core/x.ts', "import BetterSqlite3 from 'better-sqlite3';\nexport const b = BetterSqlite3;\n")).toHaveLength(1);
    expect(await violations('src-engine/core/x.ts', "import { addDays } from './dates.js';\nexport const a = addDays;\n")).toEqual([]);
  });

  it('keeps Electron, the main process and the renderer out of the engine', async () => {
    expect(await violations('src-engine/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringMatching(/plain Node/),
    ]);
    expect(await violations('src-engine/service/x.ts', "import { x } from '../../src-renderer/src/x.js';\nexport const y = x;\n")).toHaveLength(1);
  });

  it('lets the renderer import only pure helpers and types from the engine', async () => {
    const file = 'src-renderer/src/x.ts';
    expect(await violations(file, "import { formatDecimal } from '../../src-engine/core/money.js';\nexport const f = formatDecimal;\n")).toEqual([]);
    expect(await violations(file, "import type { Store } from '../../src-engine/store/store.js';\nexport type S = Store;\n")).toEqual([]);
    expect(await violations(file, "import { Store } from '../../src-engine/store/store.js';\nexport const S = Store;\n")).toEqual([
      expect.stringMatching(/sandboxed page/),
    ]);
    expect(await violations(file, "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toHaveLength(1);
  });

  it('keeps the main process from importing renderer modules', async () => {
    expect(await violations('src-main/x.ts', "import { x } from '../src-renderer/src/x.js';\nexport const y = x;\n")).toEqual([
      expect.stringMatching(/wiring/),
    ]);
  });
});
