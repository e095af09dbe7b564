/**
 * A TEMP table holding validated import rows until the file has been read to the end. TEMP tables belong to
 * the connection and writing them takes no lock on the books, so other writers carry on during a slow upload.
 */
import type { Database } from 'better-sqlite3';
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

export class StagingTable {
  readonly name: string;
  readonly clientMap: string;
  private readonly insertRow;
  private readonly insertBlock;
  private readonly insertMany;

  constructor(
    private readonly db: Database,
    private readonly kind: ImportKind,
  ) {
    // Unique names: two imports may be reading on one connection at the same time.
    const id = `${process.pid}_${++counter}`;
    this.name = `temp.kira_import_${id}`;
    this.clientMap = `temp.kira_import_clients_${id}`;
    db.exec(`CREATE TEMP TABLE kira_import_${id} (${COLUMNS[kind]});
      CREATE TEMP TABLE kira_import_clients_${id} (key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;`);
    const width = STAGE_WIDTH[kind];
    const tuple = `(${Array(width).fill('?').join(', ')})`;
    this.insertRow = db.prepare(`INSERT INTO ${this.name} VALUES ${tuple}`);
    this.insertBlock = db.prepare(`INSERT INTO ${this.name} VALUES ${Array(ROWS_PER_STATEMENT).fill(tuple).join(', ')}`);
    const block = width * ROWS_PER_STATEMENT;
    this.insertMany = db.transaction((values: readonly unknown[], count: number) => {
      let at = 0;
      for (; at + block <= count; at += block) this.insertBlock.run(at === 0 && count === block ? values : values.slice(at, at + block));
      for (; at < count; at += width) this.insertRow.run(values.slice(at, at + width));
    });
  }

  /** Stage rows given as one flat array, `STAGE_WIDTH[kind]` values per row, in file order (no per-row arrays). */
  insert(values: readonly unknown[], count = values.length): void {
    if (count > 0) this.insertMany(values, count);
  }

  /**
   * Map every client name in the file to a client of the company (case-insensitive, trimmed), creating the
   * missing ones dated at their first row so "new clients" history is not all today. Returns how many were created.
   */
  resolveClients(companyId: number): number {
    const byKey = new Map<string, number>();
    for (const c of this.db.prepare('SELECT id, name FROM clients WHERE company_id = ? ORDER BY id').all(companyId) as { id: number; name: string }[]) {
      const key = c.name.trim().toLowerCase();
      if (!byKey.has(key)) byKey.set(key, c.id);
    }
    const dateCol = this.kind === 'expenses' ? 'date' : 'issue_date';
    const names = this.db
      .prepare(`SELECT client_key AS key, MIN(client_name) AS name, MIN(${dateCol}) AS first FROM ${this.name}
        WHERE client_key IS NOT NULL GROUP BY client_key`)
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
    this.db.exec(`DROP TABLE IF EXISTS ${this.name}; DROP TABLE IF EXISTS ${this.clientMap};`);
  }
}
