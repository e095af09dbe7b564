import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { ensureEngineBuilt } from './build.js';
import { openTestStore, twoCompanies, type TestStore } from './fixtures.js';

const CHILD = join(import.meta.dirname, 'children/create-invoices.mjs');
const CHILDREN = 4;
const PER_CHILD = 25;

beforeAll(() => ensureEngineBuilt(), 180_000);

let t: TestStore;
afterEach(() => t.close());

/** Start a child and resolve once it has opened its connection; `result` resolves with its numbers. */
async function startChild(args: string[]) {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.value !== 'ready') throw new Error(`child did not start: ${String(first.value)}`);
  const result = (async () => {
    const next = await iterator.next();
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    return JSON.parse(String(next.value)) as string[];
  })();
  return { go: () => child.stdin.end('go\n'), result };
}

describe('invoice numbers under concurrent creation from several processes', () => {
  it('are unique and gapless', async () => {
    t = openTestStore();
    const { a, clientA } = twoCompanies(t.store);
    const children = await Promise.all(
      Array.from({ length: CHILDREN }, () => startChild([t.path, String(a.id), String(clientA.id), String(PER_CHILD)])),
    );
    // Every child holds an open connection before any of them writes.
    for (const c of children) c.go();
    const numbers = (await Promise.all(children.map((c) => c.result))).flat();
    const expected = Array.from({ length: CHILDREN * PER_CHILD }, (_, i) => `INV-2025-${String(i + 1).padStart(4, '0')}`);
    expect([...numbers].sort()).toEqual(expected);
    const stored = t.store.db.prepare('SELECT number FROM invoices WHERE company_id = ? ORDER BY number').pluck().all(a.id);
    expect(stored).toEqual(expected);
    expect(t.store.db.prepare("SELECT last FROM number_sequences WHERE company_id = ? AND kind = 'INV'").pluck().get(a.id)).toBe(
      CHILDREN * PER_CHILD,
    );
    expect(compareRollups(t.store.db)).toEqual([]);
  });
});
