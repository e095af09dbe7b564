/**
 * Crash safety: a child process writes, imports and recalculates on a real SQLite file and is killed with
 * SIGKILL at random moments, many times. After every kill the books are reopened through the start-up path and
 * must pass: integrity_check, every write the child reported as committed is there, no import is partly
 * visible, every rollup equals its recomputation (and start-up had nothing to repair).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../../src-engine/core/prng.js';
import { compareRollups } from '../../../src-engine/store/rollups.js';
import { openAtStartup } from '../../../src-engine/store/startup.js';
import { runningMarkers } from '../../../src-engine/store/backup.js';
import { Store } from '../../../src-engine/store/store.js';
import { createClient } from '../../../src-engine/store/writes/clients.js';
import { createCompany } from '../../../src-engine/store/writes/companies.js';
import { tempDir } from '../../helpers/tmp.js';
import { SIZES, runSeed } from '../sizes.js';

const CHILD = join(import.meta.dirname, 'child.mjs');

interface Ledger {
  expenses: Map<number, string>;
  deleteAttempted: Set<number>;
  updates: Map<number, { committed: number | null; attempted: number[] }>;
  invoices: Map<number, string>;
  imports: Map<string, { rows: number; committed: boolean }>;
  counts: { commits: number; importsCommitted: number; importsInterrupted: number; recalcs: number; recalcsInterrupted: number };
}

function record(ledger: Ledger, lines: string[]): void {
  let recalcOpen = false;
  for (const line of lines) {
    const [state, kind, a, b] = line.split(' ');
    if (state === 'C') ledger.counts.commits++;
    if (kind === 'expense' && state === 'C') {
      // SQLite may reuse the id of a deleted row: the new expense replaces what the ledger knew about that id.
      ledger.expenses.set(Number(a), b!);
      ledger.deleteAttempted.delete(Number(a));
      ledger.updates.delete(Number(a));
    } else if (kind === 'invoice' && state === 'C') ledger.invoices.set(Number(a), b!);
    else if (kind === 'update') {
      const u = ledger.updates.get(Number(a)) ?? { committed: null, attempted: [] };
      if (state === 'A') u.attempted.push(Number(b));
      else ((u.committed = Number(b)), (u.attempted = []));
      ledger.updates.set(Number(a), u);
    } else if (kind === 'delete') {
      ledger.deleteAttempted.add(Number(a));
    } else if (kind === 'import') {
      ledger.imports.set(a!, { rows: Number(b), committed: state === 'C' });
      if (state === 'C') ledger.counts.importsCommitted++;
    } else if (kind === 'recalc') {
      recalcOpen = state === 'A';
      if (state === 'C') ledger.counts.recalcs++;
    }
  }
  const last = lines[lines.length - 1]?.split(' ');
  if (last?.[0] === 'A' && last[1] === 'import') ledger.counts.importsInterrupted++;
  if (recalcOpen) ledger.counts.recalcsInterrupted++;
}

/** Spawn the child, let it work for `delayMs` after it is ready (or kill it during start-up), SIGKILL it. */
function runAndKill(args: string[], delayMs: number, duringStartup: boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const kill = () => child.kill('SIGKILL');
    if (duringStartup) timer = setTimeout(kill, delayMs);
    child.stdout.on('data', (d: Buffer) => {
      const first = out.length === 0;
      out += d.toString();
      if (first && !duringStartup && out.startsWith('ready\n')) timer = setTimeout(kill, delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (code ${code}):\n${err}\n${out.slice(-2000)}`));
      else resolve(out.split('\n').filter((l) => l && l !== 'ready'));
    });
  });
}

function verify(path: string, ledger: Ledger, company: number): { unclean: boolean } {
  const started = openAtStartup(path, { rollupCheck: 'always', quickCheck: 'always' });
  try {
    const db = started.store.db;
    expect(started.report.rollups.repaired, 'start-up had to repair rollups: a crash broke them').toEqual([]);
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    expect(integrity).toEqual(['ok']);
    expect(compareRollups(db, undefined, 5)).toEqual([]);
    const expense = db.prepare('SELECT description, amount FROM expenses WHERE id = ? AND company_id = ?');
    for (const [id, description] of ledger.expenses) {
      const row = expense.get(id, company) as { description: string; amount: number } | undefined;
      if (ledger.deleteAttempted.has(id)) continue;
      expect(row, `committed expense ${id} is missing`).toBeDefined();
      expect(row!.description).toBe(description);
      const u = ledger.updates.get(id);
      if (u?.committed != null) expect([u.committed, ...u.attempted]).toContain(row!.amount);
    }
    const invoice = db.prepare('SELECT number FROM invoices WHERE id = ? AND company_id = ?').pluck();
    for (const [id, number] of ledger.invoices) expect(invoice.get(id, company), `committed invoice ${id}`).toBe(number);
    // All-or-nothing: every import marker in the books has exactly its row count, and committed ones are there.
    const visible = new Map(
      (
        db.prepare("SELECT description, count(*) AS n FROM expenses WHERE description LIKE 'imp-%' GROUP BY description").all() as {
          description: string;
          n: number;
        }[]
      ).map((r) => [r.description, r.n]),
    );
    for (const [marker, n] of visible) {
      const imp = ledger.imports.get(marker);
      expect(imp, `import ${marker} is in the books but was never started`).toBeDefined();
      expect(n, `import ${marker} is partly visible`).toBe(imp!.rows);
    }
    for (const [marker, imp] of ledger.imports) if (imp.committed) expect(visible.get(marker), `committed import ${marker}`).toBe(imp.rows);
    return { unclean: started.report.unclean };
  } finally {
    started.close();
  }
}

describe('crash safety (SIGKILL loop)', () => {
  it(`survives ${SIZES.kills} kills during writes, imports and recalculations`, async () => {
    const seed = runSeed('crash');
    const rng = new Prng(seed);
    const tmp = tempDir('kira-crash-');
    const path = tmp.path('books.db');
    const store = Store.open(path);
    const company = createCompany(store, { name: 'Crash Test Sdn Bhd' }).id;
    const client = createClient(store, company, { name: 'Steady Client', created_date: '2024-01-01' }).id;
    store.close();
    expect(existsSync(CHILD)).toBe(true);
    const ledger: Ledger = {
      expenses: new Map(),
      deleteAttempted: new Set(),
      updates: new Map(),
      invoices: new Map(),
      imports: new Map(),
      counts: { commits: 0, importsCommitted: 0, importsInterrupted: 0, recalcs: 0, recalcsInterrupted: 0 },
    };
    const started = Date.now();
    let unclean = 0;
    try {
      for (let i = 0; i < SIZES.kills; i++) {
        const duringStartup = rng.chance(0.1);
        const delay = duringStartup ? rng.int(0, 150) : rng.int(5, 700);
        const lines = await runAndKill(
          [path, String(rng.nextU32()), String(company), String(client), `${seed}-${i}`],
          delay,
          duringStartup,
        );
        record(ledger, lines);
        if (verify(path, ledger, company).unclean) unclean++;
        expect(runningMarkers(path)).toEqual([]);
      }
    } finally {
      tmp.cleanup();
    }
    const c = ledger.counts;
    console.log(
      `[crash] ${SIZES.kills} SIGKILLs in ${((Date.now() - started) / 1000).toFixed(1)} s: ${c.commits} commits verified ` +
        `(${ledger.expenses.size} expenses, ${ledger.invoices.size} invoices, ${c.importsCommitted} imports, ${c.recalcs} recalculations); ` +
        `killed mid-import ${c.importsInterrupted}×, mid-recalculation ${c.recalcsInterrupted}×, 0 partial imports, 0 rollup mismatches, ` +
        `${unclean} unclean starts detected`,
    );
    expect(c.commits).toBeGreaterThan(SIZES.kills);
    expect(unclean).toBeGreaterThan(0);
  }, 600_000);
});
