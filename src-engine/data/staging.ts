/**
 * A TEMP table holding validated import rows until the file has been read to the end. TEMP tables belong to
 * the connection and writing them takes no lock on the books, so other writers carry on during a slow upload.
 */
import type { Database } from 'better-sqlite3';
import type { ImportKind } from '../core/csv-rows.js';
import type { IsoDate } from '../core/dates.js';

const COLUMNS: Record<ImportKind, string> = {
  expenses: `line INTEGER, date TEXT, category TEXT, description TEXT, amount INTEGER, reimbursable INTEGER,
    client_key TEXT, client_name TEXT`,
  invoices: `line INTEGER, number TEXT, client_key TEXT, client_name TEXT, status TEXT, issue_date TEXT, due_date TEXT,
    paid_date TEXT, subtotal INTEGER, tax_rate_bp INTEGER, tax INTEGER, total INTEGER`,
};
const WIDTH: Record<ImportKind, number> = { expenses: 8, invoices: 12 };

let counter = 0;

export class StagingTable {
  readonly name: string;
  readonly clientMap: string;
  private readonly insertRow;
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
    this.insertRow = db.prepare(`INSERT INTO ${this.name} VALUES (${Array(WIDTH[kind]).fill('?').join(', ')})`);
    this.insertMany = db.transaction((rows: readonly unknown[][]) => {
      for (const r of rows) this.insertRow.run(r);
    });
  }

  insert(rows: readonly unknown[][]): void {
    if (rows.length > 0) this.insertMany(rows);
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
