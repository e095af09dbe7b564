// A second Kira process for the cross-process freshness test: opens its own connection to the database, records
// one expense through the store's write API (one transaction, committed), prints its id and exits.
import { Store } from '../../../dist/src-engine/store/store.js';
import { createExpense } from '../../../dist/src-engine/store/writes/expenses.js';

const [path, company, date, amount] = process.argv.slice(2);
const store = Store.open(path);
const e = createExpense(store, Number(company), { date, category: 'travel', amount: Number(amount) });
store.close();
process.stdout.write(`${JSON.stringify({ id: e.id, pid: process.pid })}\n`);
