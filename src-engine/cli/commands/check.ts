/**
 * `kira check --db PATH`: SQLite's own integrity check plus every rollup compared with its recomputation from
 * raw rows, per company. Read-only: it never migrates or repairs (a repair is `realtime/recalculate`).
 */
import { SqliteError, type Database } from 'better-sqlite3';
import { UnprocessableError } from '../../core/errors.js';
import { LATEST_VERSION, SchemaTooNewError, schemaVersion } from '../../store/migrate.js';
import { openDatabase } from '../../store/open.js';
import { compareRollups, type RollupMismatch } from '../../store/rollups.js';
import { listCompaniesWithCounts } from '../../store/reads/companies.js';
import { existingDatabase, parseFlags, requireFlag, type CliCommand } from '../command.js';

const USAGE = `Usage: kira check --db PATH [--json]

Verifies a Kira database: SQLite's integrity check, then every rollup table of every company against a
recomputation from the raw rows. Prints OK with counts and timing, or each problem. Exit code 1 on any problem.

Options:
  --db PATH   the database file (required)
  --json      print the result as JSON`;

export interface CheckReport {
  ok: boolean;
  schema_version: number;
  integrity: string[];
  companies: { id: number; name: string; mismatches: RollupMismatch[] }[];
  counts: { companies: number; clients: number; invoices: number; expenses: number; quotes: number };
  elapsed_ms: number;
}

export function runCheck(db: Database): CheckReport {
  const started = performance.now();
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) throw new SchemaTooNewError(version, LATEST_VERSION);
  if (version === 0) throw new UnprocessableError('this file is not a Kira database (schema version 0)');
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((m) => m !== 'ok');
  const companies = listCompaniesWithCounts(db);
  const perCompany = companies.map((c) => ({ id: c.id, name: c.name, mismatches: compareRollups(db, [c.id]) }));
  const counts = { companies: companies.length, clients: 0, invoices: 0, expenses: 0, quotes: 0 };
  for (const c of companies) {
    counts.clients += c.counts.clients;
    counts.invoices += c.counts.invoices;
    counts.expenses += c.counts.expenses;
    counts.quotes += c.counts.quotes;
  }
  const ok = integrity.length === 0 && perCompany.every((c) => c.mismatches.length === 0);
  return { ok, schema_version: version, integrity, companies: perCompany, counts, elapsed_ms: Math.round(performance.now() - started) };
}

const show = (row: Record<string, unknown> | null) =>
  row === null
    ? 'no row'
    : Object.entries(row)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');

/** The report as text for people (the data stays in CheckReport). */
export function renderCheck(r: CheckReport): string {
  const c = r.counts;
  const summary = `${c.companies} companies, ${c.clients} clients, ${c.invoices} invoices, ${c.expenses} expenses, ${c.quotes} quotes; schema v${r.schema_version}; ${r.elapsed_ms} ms`;
  if (r.ok) return `OK: integrity ok, rollups agree (${summary})`;
  const lines = ['PROBLEMS FOUND', ...r.integrity.map((m) => `integrity: ${m}`)];
  for (const co of r.companies) {
    for (const m of co.mismatches) {
      const key = Object.entries(m.key)
        .filter(([k]) => k !== 'company_id')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      lines.push(`company ${co.id} (${co.name}): ${m.table} [${key}]: stored ${show(m.stored)}; expected ${show(m.expected)}`);
    }
  }
  lines.push(`(${summary})`);
  return lines.join('\n');
}

export const command: CliCommand = {
  name: 'check',
  summary: 'verify database integrity and every rollup against the raw rows',
  usage: USAGE,
  run(argv) {
    const { values } = parseFlags(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
    const path = requireFlag(values.db, 'db');
    existingDatabase(path);
    let db: Database | undefined;
    try {
      db = openDatabase(path, { readonly: true, migrate: false });
      const report = runCheck(db);
      process.stdout.write((values.json ? JSON.stringify(report, null, 2) : renderCheck(report)) + '\n');
      return report.ok ? 0 : 1;
    } catch (e) {
      // A file SQLite cannot read at all (truncated, overwritten) is a finding of the check, not a crash.
      if (!(e instanceof SqliteError)) throw e;
      process.stdout.write(`PROBLEMS FOUND\ncannot read ${path}: ${e.message} (${e.code})\n`);
      return 1;
    } finally {
      db?.close();
    }
  },
};
