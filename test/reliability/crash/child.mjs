// Crash-loop child: opens the books like the service does and writes, imports and recalculates forever, printing
// one line to stdout after each commit (pipes are synchronous on Linux, so a printed line was committed first).
// The parent kills it with SIGKILL at a random moment and checks what survived. Lines:
//   A <kind> ...   an attempt is about to start (may or may not commit)
//   C <kind> ...   committed
import { Readable } from 'node:stream';
import { openAtStartup } from '../../../dist/src-engine/store/startup.js';
import { createExpense, updateExpense, deleteExpense } from '../../../dist/src-engine/store/writes/expenses.js';
import { createInvoice } from '../../../dist/src-engine/store/writes/invoices.js';
import { importCsv } from '../../../dist/src-engine/data/index.js';
import { WorkerPool } from '../../../dist/src-engine/pool/pool.js';
import { recalculateCompany } from '../../../dist/src-engine/pool/recalculate.js';
import { Prng } from '../../../dist/src-engine/core/prng.js';

const [dbPath, seedText, companyText, clientText, tag] = process.argv.slice(2);
const seed = Number(seedText);
const company = Number(companyText);
const client = Number(clientText);
const rng = new Prng(seed);
const { store } = openAtStartup(dbPath, { rollupCheck: 'never', quickCheck: 'never' });
const out = (line) => process.stdout.write(line + '\n');
let pool = null;
const mine = [];
let n = 0;

const day = () => `2025-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;

async function step() {
  const op = rng.weighted(['expense', 'invoice', 'update', 'delete', 'import', 'recalc'], [40, 15, 15, 8, 15, 7]);
  n++;
  if (op === 'expense') {
    const description = `crash-${tag}-${n}`;
    out(`A expense ${description}`);
    const e = createExpense(store, company, {
      date: day(),
      category: rng.pick(['travel', 'rent', 'utilities']),
      description,
      amount: rng.int(1, 500_000),
    });
    mine.push(e.id);
    out(`C expense ${e.id} ${description}`);
  } else if (op === 'invoice') {
    const inv = createInvoice(
      store,
      company,
      {
        client_id: client,
        issue_date: day(),
        status: rng.pick(['draft', 'sent', 'paid']),
        paid_date: undefined,
        lines: [{ description: `crash-${tag}-${n}`, quantity: rng.int(1, 5), unit_price: rng.int(100, 90_000) }],
      },
      new Date('2026-01-01T00:00:00Z'),
    );
    out(`C invoice ${inv.id} ${inv.number}`);
  } else if (op === 'update' && mine.length > 0) {
    const id = rng.pick(mine);
    const amount = rng.int(1, 500_000);
    out(`A update ${id} ${amount}`);
    updateExpense(store, company, id, { amount });
    out(`C update ${id} ${amount}`);
  } else if (op === 'delete' && mine.length > 0) {
    const id = mine.splice(rng.int(0, mine.length - 1), 1)[0];
    out(`A delete ${id}`);
    deleteExpense(store, company, id);
    out(`C delete ${id}`);
  } else if (op === 'import') {
    const marker = `imp-${tag}-${n}`;
    const rows = rng.int(50, 3000);
    let csv = 'date,category,description,amount,reimbursable\n';
    for (let i = 0; i < rows; i++)
      csv += `${day()},${rng.pick(['travel', 'meals', 'software'])},${marker},${rng.int(1, 99_999)}.${String(rng.int(0, 99)).padStart(2, '0')},${rng.chance(0.3) ? 'yes' : 'no'}\n`;
    out(`A import ${marker} ${rows}`);
    const r = await importCsv(store, company, 'expenses', Readable.from([csv]));
    if (r.imported !== rows) throw new Error(`import ${marker}: ${r.imported} of ${rows}`);
    out(`C import ${marker} ${rows}`);
  } else if (op === 'recalc') {
    pool ??= new WorkerPool({ threads: 1 });
    out('A recalc');
    await recalculateCompany(store, pool, company, { minRowsPerPartition: 500 });
    out('C recalc');
  }
}

out('ready');
for (;;) {
  await step();
  await new Promise((r) => setImmediate(r));
}
