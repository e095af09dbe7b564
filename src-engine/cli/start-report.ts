/**
 * What `kira serve` (and so `npm start`) tells a person when it is up: which books it opened — and whether it
 * just created them — with their size, where backups go, and the one address to open (with the token in its
 * fragment). Pure text from plain facts, so the wording is tested without a server.
 */
import type { CompanyWithCounts } from '../store/reads/companies.js';

export interface StartFacts {
  dbPath: string;
  createdDemo: boolean;
  companies: readonly CompanyWithCounts[];
  /** The backups folder, or null when backups are off. */
  backupDir: string | null;
  backupEveryHours: number;
  openUrl: string;
}

const count = new Intl.NumberFormat('en-US');

/** "1 company", "2 companies", "1,200 invoices". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

export function startReport(f: StartFacts): string {
  const sum = (k: keyof CompanyWithCounts['counts']) => f.companies.reduce((s, c) => s + c.counts[k], 0);
  const size = [
    plural(f.companies.length, 'company', 'companies'),
    plural(sum('clients'), 'client'),
    plural(sum('invoices'), 'invoice'),
    plural(sum('expenses'), 'expense'),
  ].join(', ');
  const books = f.createdDemo ? `Demo books created at ${f.dbPath}: ${size}.` : `Books: ${f.dbPath} (${size}).`;
  const every = f.backupEveryHours === 1 ? 'every hour' : `every ${plural(f.backupEveryHours, 'hour')}`;
  const when = f.backupEveryHours > 0 ? `${every} and at shutdown` : 'at shutdown';
  const backups = f.backupDir === null ? 'Backups: off (--no-backup).' : `Backups: ${f.backupDir} (${when}).`;
  return [books, backups, `Open: ${f.openUrl}`, 'Press Ctrl+C to stop.'].join('\n') + '\n';
}
