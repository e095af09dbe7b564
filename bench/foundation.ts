/**
 * Foundation figures: demo generation, CSV import and the `kira check` work (integrity_check + rollup
 * comparison) on a database of the requested size. Run once, read the figures:
 *   npx tsc -p tsconfig.build.json && node dist/bench/foundation.js [--expenses 1000000] [--invoices N]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { generateDemo } from '../src-engine/data/demo.js';
import { importCsv } from '../src-engine/data/csv-import.js';
import { exportRows } from '../src-engine/data/export.js';
import { compareRollups } from '../src-engine/store/rollups.js';
import { Store } from '../src-engine/store/store.js';
import { renderFigures, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';

const flags = new Flags();
const expenses = flags.number('expenses', 1_000_000);
const invoices = flags.number('invoices', Math.round(expenses / 10));
const dir = mkdtempSync(join(tmpdir(), 'kira-bench-foundation-'));
const tmp = { path: (name: string) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
const seconds = (from: number) => (performance.now() - from) / 1000;
const figures: Figure[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);

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
  figures.push(
    { name: 'demo: expenses + invoices', value: demoSecs, unit: 's', goal: '≤ 20 s for 1,000,000 + 100,000' },
    { name: 'demo: rate', value: (expenses + invoices) / demoSecs, unit: 'rows/s' },
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
  figures.push({ name: `export: ${expenses} expenses to CSV (${(statSync(csvPath).size / 1e6).toFixed(0)} MB)`, value: seconds(t), unit: 's' });
  demoStore.close();

  const target = Store.open(tmp.path('import.db'));
  const companyId = Number(target.db.prepare("INSERT INTO companies (name, created_at) VALUES ('Import target', '2025-01-01T00:00:00Z')").run().lastInsertRowid);
  t = performance.now();
  let lastRows = 0;
  const result = await importCsv(target, companyId, 'expenses', createReadStream(csvPath), {
    onProgress: ({ rows }) => {
      if (rows - lastRows >= 100_000) log(`import ${(lastRows = rows).toLocaleString('en')} rows read`);
    },
  });
  const importSecs = seconds(t);
  if (result.imported !== expenses) throw new Error(`import wrote ${result.imported} of ${expenses} rows (${result.rejected} rejected)`);
  figures.push(
    { name: `import: ${expenses} expense rows`, value: importSecs, unit: 's', goal: '≤ 10 s for 1,000,000' },
    { name: 'import: rate', value: expenses / importSecs, unit: 'rows/s' },
  );
  target.close();
  process.stdout.write(renderFigures(`foundation (${expenses} expenses, ${invoices} invoices)`, figures));
} finally {
  tmp.cleanup();
}
