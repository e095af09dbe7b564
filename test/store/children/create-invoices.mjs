// Child process for the numbering test: opens its own connection to the database, says "ready", waits
// for "go" on stdin (so every child starts writing at the same moment), creates N invoices and prints
// their numbers as JSON.
import { Store } from '../../../dist/src-engine/store/store.js';
import { createInvoice } from '../../../dist/src-engine/store/writes/invoices.js';

const [path, company, client, count] = process.argv.slice(2);
const store = Store.open(path);
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  const numbers = [];
  for (let i = 0; i < Number(count); i++) {
    const inv = createInvoice(store, Number(company), {
      client_id: Number(client),
      issue_date: '2025-07-01',
      lines: [{ description: 'Retainer', quantity: 1, unit_price: 100 + i }],
    });
    numbers.push(inv.number);
  }
  store.close();
  process.stdout.write(JSON.stringify(numbers) + '\n');
  process.exit(0);
});
