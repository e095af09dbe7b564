/** `kira companies` lists the companies of a database; `kira companies add` creates one. */
import { openDatabase } from '../../store/open.js';
import { listCompaniesWithCounts, type CompanyWithCounts } from '../../store/reads/companies.js';
import { Store } from '../../store/store.js';
import { createCompany } from '../../store/writes/companies.js';
import { databasePath, existingDatabase, parseFlags, requireFlag, UsageError, type CliCommand } from '../command.js';

const USAGE = `Usage:
  kira companies --db PATH [--json]
      List the companies: id, name, currency, time zone and row counts.
  kira companies add --db PATH --name NAME [--currency MYR] [--time-zone Asia/Kuala_Lumpur]
      Create a company (and the database file if it does not exist yet); prints the new id.`;

export function renderCompanies(rows: readonly CompanyWithCounts[]): string {
  if (rows.length === 0) return 'No companies yet. Add one with: kira companies add --db PATH --name NAME';
  const table = [
    ['id', 'name', 'currency', 'time zone', 'clients', 'invoices', 'expenses', 'quotes'],
    ...rows.map((c) =>
      [c.id, c.name, c.currency, c.time_zone, c.counts.clients, c.counts.invoices, c.counts.expenses, c.counts.quotes].map(String),
    ),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  return table
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function list(argv: string[]): number {
  const { values } = parseFlags(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  const path = requireFlag(values.db, 'db');
  existingDatabase(path);
  // Listing must not create or migrate anything: read-only.
  const db = openDatabase(path, { readonly: true, migrate: false });
  try {
    const rows = listCompaniesWithCounts(db);
    process.stdout.write((values.json ? JSON.stringify(rows, null, 2) : renderCompanies(rows)) + '\n');
    return 0;
  } finally {
    db.close();
  }
}

function add(argv: string[]): number {
  const { values } = parseFlags(argv, {
    db: { type: 'string' },
    name: { type: 'string' },
    currency: { type: 'string' },
    'time-zone': { type: 'string' },
  });
  const path = databasePath(requireFlag(values.db, 'db'));
  const name = requireFlag(values.name, 'name');
  const store = Store.open(path);
  try {
    const company = createCompany(store, { name, currency: values.currency, time_zone: values['time-zone'] });
    process.stdout.write(`${company.id}\n`);
    return 0;
  } finally {
    store.close();
  }
}

export const command: CliCommand = {
  name: 'companies',
  summary: 'list the companies of a database, or add one',
  usage: USAGE,
  run(argv) {
    if (argv[0] === 'add') return add(argv.slice(1));
    if (argv[0] !== undefined && !argv[0].startsWith('-')) throw new UsageError(`unknown sub-command "${argv[0]}"`);
    return list(argv);
  },
};
