/**
 * Foundation figures: demo generation, CSV import and the `kira check` work (integrity_check + rollup
 * comparison) on a database of the requested size. Run once, read the figures:
 *   npx tsc -p tsconfig.build.json && node dist/bench/foundation.js [--expenses 1000000] [--invoices N]
 *
 * The machine is shared, so each goal figure comes with a same-run baseline of the floor it cannot beat: for the
 * demo, a bare one-row-at-a-time INSERT of as many rows into a table without triggers; for the import, parsing the
 * same file with csv-parse and a bare INSERT of its raw fields (no validation, no staging, no rollups). The
 * csv-parse time alone is printed too.
 */
import { parse } from 'csv-parse';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { openDatabase } from '../src-engine/store/open.js';
import { generateDemo } from '../src-engine/data/demo.js';
import { importCsv } from '../src-engine/data/csv-import.js';
import { exportRows } from '../src-engine/data/export.js';
import { compareRollups } from '../src-engine/store/rollups.js';
import { Store } from '../src-engine/store/store.js';
import { renderFigures, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';

const flags = new Flags(['expenses', 'invoices']);
const expenses = flags.number('expenses', 1_000_000);
const invoices = flags.number('invoices', Math.round(expenses / 10));
const dir = mkdtempSync(join(tmpdir(), 'kira-bench-foundation-'));
const tmp = { path: (name: string) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
const seconds = (from: number) => (performance.now() - from) / 1000;
const figures: Figure[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);

const BARE_TABLE = `CREATE TABLE bare (id INTEGER PRIMARY KEY, company_id INTEGER, date TEXT, category TEXT, description TEXT,
  amount, reimbursable, client)`;

/** Seconds for a bare INSERT of `rows` expense-like rows, one statement call per row, in one transaction, no triggers. */
function bareInsert(rows: number): number {
  const db = openDatabase(tmp.path('bare.db'), { migrate: false });
  try {
    db.exec(BARE_TABLE);
    const insert = db.prepare(
      'INSERT INTO bare (company_id, date, category, description, amount, reimbursable, client) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < rows; i++)
        insert.run(1, `2025-0${1 + (i % 9)}-1${i % 10}`, 'meals', 'Lunch with client', i % 100_000, i & 1, null);
    })();
    return seconds(t0);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(tmp.path('bare.db') + suffix, { force: true });
  }
}

const PARSE_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n'] };

/** Seconds to parse `path` with csv-parse (the import's options) and INSERT its raw fields as they are (no checks, no rollups). */
async function bareImport(path: string): Promise<number> {
  const db = openDatabase(tmp.path('bare.db'), { migrate: false });
  try {
    db.exec(BARE_TABLE);
    const insert = db.prepare(
      'INSERT INTO bare (company_id, date, category, description, amount, reimbursable, client) VALUES (1, ?, ?, ?, ?, ?, ?)',
    );
    const t0 = performance.now();
    let header = true;
    db.exec('BEGIN');
    await pipeline(createReadStream(path), parse(PARSE_OPTIONS), async (source: AsyncIterable<string[]>) => {
      for await (const r of source) {
        if (header) header = false;
        else insert.run(r);
      }
    });
    db.exec('COMMIT');
    return seconds(t0);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(tmp.path('bare.db') + suffix, { force: true });
  }
}

/** Seconds for csv-parse alone over `path` (the options the import used with it). */
async function csvParseOnly(path: string): Promise<number> {
  const t0 = performance.now();
  await pipeline(createReadStream(path), parse(PARSE_OPTIONS), async (source: AsyncIterable<string[]>) => {
    for await (const record of source) void record;
  });
  return seconds(t0);
}

try {
  // 1. Demo generation.
  const demoStore = Store.open(tmp.path('demo.db'));
  let lastDecile = -1;
  let t = performance.now();
  const demo = generateDemo(demoStore, {
    expenses,
    invoices,
    onProgress: ({ done, total }) => {
      const decile = Math.floor((done / total) * 10);
      if (decile !== lastDecile) log(`demo ${(lastDecile = decile) * 10}%`);
    },
  });
  const demoSecs = seconds(t);
  const bareDemo = bareInsert(expenses + invoices);
  figures.push(
    { name: 'demo: expenses + invoices', value: demoSecs, unit: 's', baseline: bareDemo, goal: '≤ 20 s for 1,000,000 + 100,000' },
    { name: 'demo: rate', value: (expenses + invoices) / demoSecs, unit: 'rows/s', baseline: (expenses + invoices) / bareDemo },
  );

  // 2. `kira check` work on that database.
  t = performance.now();
  const integrity = demoStore.db.pragma('integrity_check', { simple: true });
  const integritySecs = seconds(t);
  t = performance.now();
  const mismatches = compareRollups(demoStore.db);
  figures.push(
    { name: `check: integrity_check (${String(integrity)})`, value: integritySecs, unit: 's' },
    { name: `check: compareRollups (${mismatches.length} mismatches)`, value: seconds(t), unit: 's' },
  );

  // 3. A CSV of every company's expenses (the first header only), then its import into a fresh database.
  const csvPath = tmp.path('expenses.csv');
  const out = createWriteStream(csvPath);
  t = performance.now();
  for (const [i, companyId] of demo.companyIds.entries()) {
    let first = true;
    for (const chunk of exportRows(demoStore.db, companyId, 'expenses', 'csv', 5000)) {
      const text = first && i > 0 ? chunk.slice(chunk.indexOf('\n') + 1) : chunk;
      first = false;
      if (!out.write(text)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  figures.push({
    name: `export: ${expenses} expenses to CSV (${(statSync(csvPath).size / 1e6).toFixed(0)} MB)`,
    value: seconds(t),
    unit: 's',
  });
  demoStore.close();

  const bare = await bareImport(csvPath);
  figures.push({ name: 'baseline: csv-parse of the file, no database', value: await csvParseOnly(csvPath), unit: 's' });

  const target = Store.open(tmp.path('import.db'));
  const companyId = Number(
    target.db.prepare("INSERT INTO companies (name, created_at) VALUES ('Import target', '2025-01-01T00:00:00Z')").run().lastInsertRowid,
  );
  t = performance.now();
  let lastRows = 0;
  const result = await importCsv(target, companyId, 'expenses', createReadStream(csvPath), {
    onProgress: ({ rows }) => {
      if (rows - lastRows >= 100_000) log(`import ${(lastRows = rows).toLocaleString('en')} rows read`);
    },
  });
  const importSecs = seconds(t);
  if (result.imported !== expenses) throw new Error(`import wrote ${result.imported} of ${expenses} rows (${result.rejected} rejected)`);
  t = performance.now();
  const importMismatches = compareRollups(target.db).length;
  figures.push(
    { name: `import: ${expenses} expense rows`, value: importSecs, unit: 's', baseline: bare, goal: '≤ 10 s for 1,000,000' },
    { name: 'import: rate', value: expenses / importSecs, unit: 'rows/s', baseline: expenses / bare },
    { name: `import: compareRollups after (${importMismatches} mismatches)`, value: seconds(t), unit: 's' },
  );
  target.close();
  process.stdout.write(renderFigures(`foundation (${expenses} expenses, ${invoices} invoices)`, figures));
} finally {
  tmp.cleanup();
}
