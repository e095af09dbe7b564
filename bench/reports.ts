/**
 * Reports on the 1,000,000-expense database: aged receivables and a 24-month P&L computed cold (a fresh
 * connection per run: no prepared statement, no SQLite page cache; goal ≤ 50 ms), the same over HTTP as a cache
 * miss and a cache hit, the XLSX of the 24-month P&L (goal ≤ 1 s) and its PDF (goal ≤ 3 s, Chromium launch
 * included). Baseline from the same run: the dashboard's overview view, cold the same way.
 *
 *   node dist/bench/reports.js [--expenses 1000000] [--invoices 100000] [--runs 7] [--db path] [--budget FILE]
 */
import { median } from '../src-engine/core/bench/stats.js';
import { agingDocument, pnlDocument } from '../src-engine/core/reports/tables.js';
import { resolveParams, runView } from '../src-engine/dashboard/index.js';
import { aging, pnl, resolveAging, resolvePnl } from '../src-engine/dashboard/reports/index.js';
import { reportPdf } from '../src-engine/reports/pdf.js';
import { reportXlsx } from '../src-engine/reports/xlsx.js';
import { startServer } from '../src-engine/service/root/server.js';
import { openDatabase } from '../src-engine/store/open.js';
import { benchDatabase } from './lib/bench-database.js';
import { finish, type Figure } from './lib/figures.js';
import { Flags } from './lib/flags.js';

const flags = new Flags(['runs', 'expenses', 'invoices', 'db', 'budget']);
const runs = Math.max(1, flags.number('runs', 7));
const bench = benchDatabase(flags.number('expenses', 1_000_000), flags.number('invoices', 100_000), flags.string('db'));
// The bench books end on 2025-06-30 (bench/lib/bench-database.ts): "now" is that day in the company's zone.
const NOW = new Date('2025-06-30T06:00:00Z');
const company = bench.companyId;

/** Median ms of `fn` on a fresh connection each run (the first call on it: cold statements and page cache). */
function cold(fn: (db: ReturnType<typeof openDatabase>) => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const db = openDatabase(bench.path, { readonly: true, migrate: false });
    const t = performance.now();
    fn(db);
    times.push(performance.now() - t);
    db.close();
  }
  return median(times);
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

// Migrations (006 on an older bench file) run once, outside the timings.
openDatabase(bench.path).close();

const overviewCold = cold((db) => runView(db, 'overview', resolveParams(db, 'overview', { company }, NOW)));
const agingToday = cold((db) => aging(db, resolveAging(db, { company }, NOW)));
const agingDetail = cold((db) => aging(db, resolveAging(db, { company, detail: true }, NOW)));
const agingYearAgo = cold((db) => aging(db, resolveAging(db, { company, as_of: '2024-06-30' }, NOW)));
const pnlQuery = { company, from: '2023-07-01', to: '2025-06-30', by: 'month' };
const pnl24 = cold((db) => pnl(db, resolvePnl(db, pnlQuery, NOW)));

const db = openDatabase(bench.path, { readonly: true, migrate: false });
const pnlResult = pnl(db, resolvePnl(db, pnlQuery, NOW));
const agingResult = aging(db, resolveAging(db, { company, detail: true }, NOW));
db.close();
const xlsxTimes: number[] = [];
for (let i = 0; i < Math.min(runs, 3); i++) xlsxTimes.push((await timed(() => reportXlsx(pnlDocument(pnlResult))))[0]);
const [pdfMs, pdf] = await timed(() => reportPdf(pnlDocument(pnlResult)));
const [agingPdfMs] = await timed(() => reportPdf(agingDocument(agingResult)));

// Over HTTP: the first request computes (miss), the next is answered from the response cache (hit).
const server = await startServer({ dbPath: bench.path, workers: 0, now: () => NOW, warm: false, live: false });
const get = async (path: string) => {
  const t = performance.now();
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${server.token}` } });
  await res.arrayBuffer();
  return [performance.now() - t, res.headers.get('x-cache')] as const;
};
await get('/api/companies'); // the HTTP path's first request (route compilation) is not the report's cost
const [agingMiss] = await get(`/api/reports/aging?company=${company}`);
const hits: number[] = [];
for (let i = 0; i < runs; i++) hits.push((await get(`/api/reports/aging?company=${company}`))[0]);
const [pnlMiss] = await get(`/api/reports/pnl?company=${company}&from=2023-07-01&to=2025-06-30`);
const [overviewMiss] = await get(`/api/dashboard/overview?company=${company}`);
await server.close();

const figures: Figure[] = [
  { name: 'aging_cold_ms', value: agingToday, unit: 'ms', baseline: overviewCold, goal: '≤ 50 ms' },
  { name: 'aging_with_invoices_cold_ms', value: agingDetail, unit: 'ms', baseline: overviewCold },
  { name: 'aging_year_ago_cold_ms', value: agingYearAgo, unit: 'ms', baseline: overviewCold, goal: '≤ 50 ms' },
  { name: 'pnl_24_months_cold_ms', value: pnl24, unit: 'ms', baseline: overviewCold, goal: '≤ 50 ms' },
  { name: 'aging_http_miss_ms', value: agingMiss, unit: 'ms', baseline: overviewMiss },
  { name: 'aging_http_hit_ms', value: median(hits), unit: 'ms' },
  { name: 'pnl_http_miss_ms', value: pnlMiss, unit: 'ms', baseline: overviewMiss },
  { name: 'pnl_24_months_xlsx_ms', value: median(xlsxTimes), unit: 'ms', goal: '≤ 1000 ms' },
  { name: 'pnl_24_months_pdf_ms', value: pdfMs, unit: 'ms', goal: '≤ 3000 ms' },
  { name: 'aging_pdf_ms', value: agingPdfMs, unit: 'ms', goal: '≤ 3000 ms' },
];
process.stdout.write(
  `books: ${bench.path}; ${agingResult.clients.length} clients owing on ${agingResult.as_of}, ` +
    `${agingResult.totals.total} owed in minor units; PDF ${pdf.length} bytes; baseline = overview, same run\n`,
);
finish('Reports on the 1M-expense database', figures, flags.string('budget'));
