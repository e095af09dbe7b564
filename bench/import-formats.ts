/**
 * Statement import figures: a 100,000-transaction OFX file imported (goal ≤ 5 s) and imported again, all
 * duplicates (goal ≤ 3 s), into a fresh database. Run once, read the figures:
 *   npx tsc -p tsconfig.build.json && node dist/bench/import-formats.js [--transactions 100000]
 *
 * Same-run baselines: a bare INSERT of the same rows (one statement call per row, one transaction, a table
 * without triggers or indexes), and parsing the file alone (decode + SGML→XML + fast-xml-parser), no database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../src-engine/data/import/import-file.js';
import { parseStatement } from '../src-engine/data/import/parse.js';
import { ofxSgml, type SampleTxn } from '../src-engine/data/import/write-statements.js';
import { openDatabase } from '../src-engine/store/open.js';
import { compareRollups } from '../src-engine/store/rollups.js';
import { Store } from '../src-engine/store/store.js';
import { createCompany } from '../src-engine/store/writes/companies.js';
import { renderFigures, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';

const flags = new Flags(['transactions']);
const count = flags.number('transactions', 100_000);
const dir = mkdtempSync(join(tmpdir(), 'kira-bench-import-formats-'));
const path = (name: string) => join(dir, name);
const seconds = (from: number) => (performance.now() - from) / 1000;
const log = (s: string) => process.stderr.write(`${s}\n`);

const PAYEES = ['GRAB RIDES', 'TNB ELECTRICITY', 'SHELL STATION', 'KEDAI BUKU & ALAT TULIS', 'MAXIS BROADBAND', 'KOPITIAM'];
function transactions(n: number): SampleTxn[] {
  const out: SampleTxn[] = [];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2025, 0, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10);
    // One in fifty is money in (unmatched: no invoices), the rest money out of varying amounts.
    const amount = i % 50 === 0 ? 10_000 + (i % 997) * 13 : -(100 + ((i * 7919) % 250_000));
    out.push({ date: day, amount, payee: PAYEES[i % PAYEES.length]!, memo: `ref ${i}`, id: `FIT${String(i).padStart(9, '0')}` });
  }
  return out;
}

function bareInsert(txns: readonly SampleTxn[]): number {
  const db = openDatabase(path('bare.db'), { migrate: false });
  try {
    db.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, date TEXT, amount INTEGER, payee TEXT, memo TEXT, fitid TEXT)');
    const insert = db.prepare('INSERT INTO bare (date, amount, payee, memo, fitid) VALUES (?, ?, ?, ?, ?)');
    const t = performance.now();
    db.transaction(() => {
      for (const x of txns) insert.run(x.date, x.amount, x.payee, x.memo, x.id);
    })();
    return seconds(t);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const txns = transactions(count);
  const bytes = Buffer.from(ofxSgml(txns));
  writeFileSync(path('statement.ofx'), bytes);
  log(`OFX file: ${count} transactions, ${(bytes.length / 1e6).toFixed(1)} MB`);
  const store = Store.open(path('books.sqlite'));
  const company = createCompany(store, { name: 'Bench Sdn Bhd' }).id;
  const figures: Figure[] = [];
  try {
    const bare = bareInsert(txns);
    let t: number;
    // CPU seconds beside wall time: on a shared 2-core machine the wall clock mostly measures the neighbours.
    const cpu = (from: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(from);
      return (u.user + u.system) / 1e6;
    };
    t = performance.now();
    let c = process.cpuUsage();
    const first = await importFile(store, company, bytes);
    const importSecs = seconds(t);
    const importCpu = cpu(c);
    t = performance.now();
    c = process.cpuUsage();
    const second = await importFile(store, company, bytes);
    const reimportSecs = seconds(t);
    const reimportCpu = cpu(c);
    // After the imports, so JIT warm-up is not charged to the baseline.
    t = performance.now();
    parseStatement(bytes, { format: 'auto', digits: 2, timeZone: 'Asia/Kuala_Lumpur' });
    const parseOnly = seconds(t);
    if (first.needs_mapping || second.needs_mapping || !('duplicates' in first) || !('duplicates' in second))
      throw new Error('unexpected result shape');
    log(
      `load average during the run: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const written = first.imported + ('unmatched' in first ? first.unmatched.length : 0);
    log(
      `first: imported ${first.imported}, duplicates ${first.duplicates}; second: imported ${second.imported}, duplicates ${second.duplicates}`,
    );
    if (written !== count || second.imported !== 0 || second.duplicates !== first.imported)
      throw new Error('the import did not import each transaction exactly once');
    const mismatches = compareRollups(store.db).length;
    figures.push(
      { name: `import of ${count} OFX transactions`, value: importSecs, unit: 's', baseline: bare, goal: '≤ 5 s' },
      { name: 're-import of the same file (all duplicates)', value: reimportSecs, unit: 's', baseline: bare, goal: '≤ 3 s' },
      { name: 'import: CPU time of this process', value: importCpu, unit: 's' },
      { name: 're-import: CPU time of this process', value: reimportCpu, unit: 's' },
      { name: 'baseline: parse the file alone (no database)', value: parseOnly, unit: 's' },
      { name: 'rollup mismatches after import', value: mismatches, unit: '' },
    );
    process.stdout.write(renderFigures(`statement import (${count} transactions; baseline = bare INSERT of the same rows)`, figures));
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
