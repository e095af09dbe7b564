// A child process for the import memory test: imports N generated expense rows from a stream into a fresh
// company and prints its peak RSS growth. The store's page cache is set small, so whatever grows with the
// file (rows staged in memory) shows instead of hiding inside a 64 MiB cache. argv: dist dir, db path, rows.
// Prints JSON: rows imported, RSS before, peak RSS, their difference, TEMP objects seen while staging, the RSS samples.
import { Readable } from 'node:stream';

const [dist, path, rowsArg] = process.argv.slice(2);
const { Store } = await import(`${dist}/src-engine/store/store.js`);
const { importCsv } = await import(`${dist}/src-engine/data/csv-import.js`);
const rows = Number(rowsArg);
const store = Store.open(path);
store.db.pragma('cache_size = -4096');
const company = Number(
  store.db
    .prepare("INSERT INTO companies (name, currency, time_zone, created_at) VALUES ('Big', 'MYR', 'UTC', '2024-01-01') RETURNING id")
    .pluck()
    .get(),
);
const cats = ['travel', 'meals', 'software', 'rent'];
function* csv() {
  yield 'date,category,amount,description,client\n';
  for (let i = 0; i < rows; i += 1000) {
    let chunk = '';
    for (let k = i; k < Math.min(rows, i + 1000); k++) {
      const d = new Date(Date.UTC(2023, 0, 1) + (k % 700) * 86_400_000).toISOString().slice(0, 10);
      chunk += `${d},${cats[k % 4]},${(k % 9000) + 1}.${String(k % 100).padStart(2, '0')},Row number ${k} of a large import file,Client ${k % 50}\n`;
    }
    yield chunk;
  }
}
globalThis.gc?.();
const before = process.memoryUsage.rss();
let tempTables = 0;
const samples = [];
const r = await importCsv(store, company, 'expenses', Readable.from(csv()), {
  // While rows are being staged: is anything kept in the connection's (in-memory) TEMP schema?
  onProgress: (p) => {
    tempTables = Math.max(tempTables, Number(store.db.prepare('SELECT count(*) FROM temp.sqlite_master').pluck().get()));
    // Every 64k rows: a full GC (run with --expose-gc; V8 grows its heap lazily, which is not what is measured
    // here), then the RSS: what the rows staged so far hold in memory shows as growth between the samples.
    if (p.rows % 65_536 < 8_192) {
      globalThis.gc?.();
      samples.push(process.memoryUsage.rss());
    }
  },
});
const peak = process.resourceUsage().maxRSS * 1024;
store.close();
process.stdout.write(JSON.stringify({ imported: r.imported, before, peak, growth: peak - before, tempTables, samples }) + '\n');
