/**
 * Where validated import rows wait until the file has been read to the end: tables in a scratch database file
 * ATTACHed to the store's connection, beside the books (the books' disk has room for the rows they are about to
 * hold; /tmp may be RAM). On disk, not in memory: the store runs with `temp_store = MEMORY`, so TEMP tables
 * would keep a whole file's rows in RAM (a 2 GB file once peaked at 1.35 GB). The scratch file is never fsynced
 * (it is thrown away) and has a small page cache, so memory stays flat however large the file; writing
 * it takes no lock on the books, so other writers carry on during a slow upload. One scratch file per connection
 * is shared by the imports running on it (SQLite allows only 10 attached databases) and removed after the last;
 * one left by a killed process is removed by the next import beside the same books.
 */
import type { Database } from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ImportKind } from '../core/csv-rows.js';
import type { IsoDate } from '../core/dates.js';

// Rows are staged in file order, so rowid order is file order (the commit inserts by rowid; no line column to sort).
const COLUMNS: Record<ImportKind, string> = {
  expenses: `date TEXT, category TEXT, description TEXT, amount INTEGER, reimbursable INTEGER, client_key TEXT, client_name TEXT`,
  invoices: `number TEXT, client_key TEXT, client_name TEXT, status TEXT, issue_date TEXT, due_date TEXT,
    paid_date TEXT, subtotal INTEGER, tax_rate_bp INTEGER, tax INTEGER, total INTEGER`,
};
export const STAGE_WIDTH: Record<ImportKind, number> = { expenses: 7, invoices: 11 };
/** Rows per multi-row INSERT: one call into SQLite per this many rows instead of one per row. */
const ROWS_PER_STATEMENT = 256;

let counter = 0;
interface Scratch {
  /** Its schema name on the connection: a new one per attach, so a detach that failed never blocks the next. */
  schema: string;
  path: string;
  users: number;
}
const scratchOf = new WeakMap<Database, Scratch>();

const SCRATCH_NAME = /^\.kira-import-(\d+)-\d+\.stage(?:-journal)?$/;

/** Scratch files left by a process that was killed mid-import (its pid is gone): only disk space, removed here. */
function removeOrphans(dir: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const pid = Number(SCRATCH_NAME.exec(name)?.[1] ?? NaN);
      if (Number.isNaN(pid) || pid === process.pid) continue;
      try {
        process.kill(pid, 0);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(dir, name), { force: true });
      }
    }
  } catch {
    /* an unreadable folder: nothing to tidy */
  }
}

/** The connection's scratch database, attached on first use. */
function attachScratch(db: Database): Scratch {
  let s = scratchOf.get(db);
  if (!s) {
    const dir = db.memory ? tmpdir() : dirname(db.name);
    removeOrphans(dir);
    const n = ++counter;
    const path = join(dir, `.kira-import-${process.pid}-${n}.stage`);
    const schema = `kira_stage_${n}`;
    rmSync(path, { force: true });
    db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(path);
    // Scratch data: no fsync, a small cache (the books keep their own 64 MiB one), its rollback journal in memory
    // (a rollback must work — the commit's transaction spans it — and appends to new pages journal nothing).
    db.exec(`PRAGMA ${schema}.journal_mode = MEMORY; PRAGMA ${schema}.synchronous = OFF; PRAGMA ${schema}.cache_size = -8192;`);
    s = { schema, path, users: 0 };
    scratchOf.set(db, s);
  }
  s.users++;
  return s;
}

function releaseScratch(db: Database): void {
  const s = scratchOf.get(db);
  if (!s || --s.users > 0) return;
  scratchOf.delete(db);
  try {
    if (db.open) db.exec(`DETACH DATABASE ${s.schema}`);
  } finally {
    // Unlinking works even if the detach did not (an open file on POSIX); the space is freed on close.
    rmSync(s.path, { force: true });
  }
}

/** Where the scratch rows of `db` are written while an import runs (null when none runs). */
export function scratchPath(db: Database): string | null {
  return scratchOf.get(db)?.path ?? null;
}

export class StagingTable {
  readonly name: string;
  readonly clientMap: string;
  private readonly numbers: string;
  private readonly insertRow;
  private readonly insertBlock;
  private readonly insertMany;
  private readonly insertNumber;
  private readonly findNumber;
  /** Invoice numbers seen since the last flush (the rest are in the scratch file). */
  private readonly recentNumbers = new Set<string>();
  private dropped = false;

  constructor(
    private readonly db: Database,
    private readonly kind: ImportKind,
  ) {
    const { schema } = attachScratch(db);
    try {
      // Unique names: two imports may be reading on one connection at the same time.
      const id = `${process.pid}_${++counter}`;
      this.name = `${schema}.rows_${id}`;
      this.clientMap = `${schema}.clients_${id}`;
      this.numbers = `${schema}.numbers_${id}`;
      db.exec(`CREATE TABLE ${this.name} (${COLUMNS[kind]});
        CREATE TABLE ${this.clientMap} (key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE ${this.numbers} (number TEXT PRIMARY KEY) WITHOUT ROWID;`);
    } catch (e) {
      releaseScratch(db);
      throw e;
    }
    this.insertNumber = db.prepare(`INSERT OR IGNORE INTO ${this.numbers} (number) VALUES (?)`);
    this.findNumber = db.prepare(`SELECT 1 FROM ${this.numbers} WHERE number = ?`).pluck();
    const width = STAGE_WIDTH[kind];
    const tuple = `(${Array(width).fill('?').join(', ')})`;
    this.insertRow = db.prepare(`INSERT INTO ${this.name} VALUES ${tuple}`);
    this.insertBlock = db.prepare(`INSERT INTO ${this.name} VALUES ${Array(ROWS_PER_STATEMENT).fill(tuple).join(', ')}`);
    const block = width * ROWS_PER_STATEMENT;
    this.insertMany = db.transaction((values: readonly unknown[], count: number) => {
      let at = 0;
      for (; at + block <= count; at += block) this.insertBlock.run(at === 0 && count === block ? values : values.slice(at, at + block));
      for (; at < count; at += width) this.insertRow.run(values.slice(at, at + width));
      for (const n of this.recentNumbers) this.insertNumber.run(n);
      this.recentNumbers.clear();
    });
  }

  /** Stage rows given as one flat array, `STAGE_WIDTH[kind]` values per row, in file order (no per-row arrays). */
  insert(values: readonly unknown[], count = values.length): void {
    if (count > 0 || this.recentNumbers.size > 0) this.insertMany(values, count);
  }

  /** Remember an invoice number of the file (written to the scratch file with the next insert). */
  addNumber(number: string): void {
    this.recentNumbers.add(number);
  }

  /** Whether an earlier row of the file had this invoice number (staged or not). */
  hasNumber(number: string): boolean {
    return this.recentNumbers.has(number) || this.findNumber.get(number) !== undefined;
  }

  /**
   * Map every client name in the file to a client of the company (case-insensitive, trimmed), creating the
   * missing ones dated at their first row so "new clients" history is not all today. Returns how many were created.
   */
  resolveClients(companyId: number): number {
    const byKey = new Map<string, number>();
    for (const c of this.db.prepare('SELECT id, name FROM clients WHERE company_id = ? ORDER BY id').all(companyId) as {
      id: number;
      name: string;
    }[]) {
      const key = c.name.trim().toLowerCase();
      if (!byKey.has(key)) byKey.set(key, c.id);
    }
    const dateCol = this.kind === 'expenses' ? 'date' : 'issue_date';
    const names = this.db
      .prepare(
        `SELECT client_key AS key, MIN(client_name) AS name, MIN(${dateCol}) AS first FROM ${this.name}
        WHERE client_key IS NOT NULL GROUP BY client_key`,
      )
      .all() as { key: string; name: string; first: IsoDate }[];
    const create = this.db.prepare('INSERT INTO clients (company_id, name, active, created_date) VALUES (?, ?, 1, ?)');
    const map = this.db.prepare(`INSERT INTO ${this.clientMap} (key, id) VALUES (?, ?)`);
    let created = 0;
    for (const n of names) {
      let id = byKey.get(n.key);
      if (id === undefined) {
        id = Number(create.run(companyId, n.name, n.first).lastInsertRowid);
        created++;
      }
      map.run(n.key, id);
    }
    return created;
  }

  /** Every date the staged rows carry, for the change event. */
  touchedDates(): IsoDate[] {
    const sql =
      this.kind === 'expenses'
        ? `SELECT DISTINCT date FROM ${this.name} ORDER BY 1`
        : `SELECT issue_date FROM ${this.name} UNION SELECT due_date FROM ${this.name}
           UNION SELECT paid_date FROM ${this.name} WHERE paid_date IS NOT NULL ORDER BY 1`;
    return this.db.prepare(sql).pluck().all() as IsoDate[];
  }

  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    try {
      if (this.db.open)
        this.db.exec(`DROP TABLE IF EXISTS ${this.name}; DROP TABLE IF EXISTS ${this.clientMap}; DROP TABLE IF EXISTS ${this.numbers};`);
    } finally {
      releaseScratch(this.db);
    }
  }
}
