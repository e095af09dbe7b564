/**
 * The benchmark database: demo books of one company at the requested size, generated once and reused by
 * later runs (generating a million rows takes longer than the measurements themselves).
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../src-engine/data/demo.js';
import { Store } from '../../src-engine/store/store.js';

export interface BenchDatabase {
  path: string;
  companyId: number;
  generated: boolean;
}

export function benchDatabase(expenses: number, invoices: number, path?: string): BenchDatabase {
  const dbPath = path ?? join(tmpdir(), `kira-bench-${expenses}-${invoices}.db`);
  const generated = !existsSync(dbPath);
  const store = Store.open(dbPath);
  try {
    if (generated) {
      process.stderr.write(`generating ${expenses} expenses + ${invoices} invoices into ${dbPath}…\n`);
      generateDemo(store, { companies: 1, expenses, invoices, seed: 7, months: 36, today: '2025-06-30' });
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      store.db.exec('ANALYZE');
    }
    const companyId = store.db.prepare('SELECT MIN(id) FROM companies').pluck().get() as number;
    return { path: dbPath, companyId, generated };
  } finally {
    store.close();
  }
}
