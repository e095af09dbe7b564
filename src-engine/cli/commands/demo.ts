import { generateDemo, DEMO_DEFAULTS, SMALL_BUSINESS_DEFAULTS } from '../../data/demo.js';
import { Store } from '../../store/store.js';
import { databasePath, intFlag, parseFlags, requireFlag, type CliCommand } from '../command.js';
import { progressBar } from '../progress.js';

const usage = `Usage: kira demo --db PATH [--companies N] [--expenses N] [--invoices N] [--seed N]

Write deterministic demo books (clients, quotes, invoices, expenses over the last two years, ending today in
each company's time zone) into the database at PATH, creating it if needed. The same seed gives the same data.

Options:
  --db PATH        database file (created if missing)
  --companies N    companies to create (default ${DEMO_DEFAULTS.companies})
  --expenses N     expenses across all companies (default ${SMALL_BUSINESS_DEFAULTS.expenses}: small-business books;
                   giving --expenses or --invoices switches to the large-scale generator, ${DEMO_DEFAULTS.expenses} / ${DEMO_DEFAULTS.invoices} by default)
  --invoices N     invoices across all companies (default ${SMALL_BUSINESS_DEFAULTS.invoices})
  --seed N         random seed (default ${DEMO_DEFAULTS.seed})`;

export const command: CliCommand = {
  name: 'demo',
  summary: 'write deterministic demo books into a database',
  usage,
  run(argv) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      companies: { type: 'string' },
      expenses: { type: 'string' },
      invoices: { type: 'string' },
      seed: { type: 'string' },
    });
    const path = databasePath(requireFlag(values.db, 'db'));
    const companies = intFlag(values.companies, 'companies', DEMO_DEFAULTS.companies, 1, 100);
    // Without sizes: the small-business books; any size given: the large-scale generator (data/demo.ts).
    const sized = values.expenses !== undefined || values.invoices !== undefined;
    const defaults = sized ? DEMO_DEFAULTS : SMALL_BUSINESS_DEFAULTS;
    const expenses = intFlag(values.expenses, 'expenses', defaults.expenses, 0, 100_000_000);
    const invoices = intFlag(values.invoices, 'invoices', defaults.invoices, 0, 10_000_000);
    const seed = intFlag(values.seed, 'seed', DEMO_DEFAULTS.seed, 0, 2 ** 32 - 1);
    const store = Store.open(path);
    try {
      const bar = progressBar('demo', expenses + invoices);
      const r = generateDemo(store, {
        companies,
        expenses,
        invoices,
        seed,
        profile: sized ? 'scale' : 'small-business',
        onProgress: (p) => bar.update(p.done, p.total),
      });
      bar.done(
        `${r.companyIds.length} companies, ${r.clients} clients, ${r.quotes} quotes, ${r.invoices} invoices, ${r.expenses} expenses`,
      );
      process.stdout.write(`companies: ${r.companyIds.join(', ')}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
