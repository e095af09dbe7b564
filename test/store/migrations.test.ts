import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, SchemaTooNewError, migrate, schemaVersion, type Migration } from '../../src-engine/store/migrate.js';
import { MIGRATIONS } from '../../src-engine/store/migrations/index.js';
import { openDatabase } from '../../src-engine/store/open.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { Store } from '../../src-engine/store/store.js';
import { createClient } from '../../src-engine/store/writes/clients.js';
import { createCompany } from '../../src-engine/store/writes/companies.js';
import { tempDir } from '../helpers/tmp.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('kira-migrate-');
});
afterEach(() => tmp.cleanup());

const tables = (db: BetterSqlite3.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").pluck().all() as string[];

describe('migrations', () => {
  it('bring a fresh database to the latest version', () => {
    const db = openDatabase(tmp.path('fresh.db'));
    expect(LATEST_VERSION).toBe(MIGRATIONS.at(-1)!.version);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toContain('expenses_client');
    expect(migrate(db)).toEqual([]); // idempotent
    db.close();
  });

  it('refuse a database written by a newer Kira, with a message that says so', () => {
    const path = tmp.path('future.db');
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(path)).toThrow(`schema ${LATEST_VERSION + 1}; this Kira knows up to ${LATEST_VERSION}`);
  });

  it('leave the database at the previous version, with nothing half-applied, when one fails', () => {
    const db = new BetterSqlite3(tmp.path('failing.db'));
    const good: Migration = { version: 1, name: 'good', sql: 'CREATE TABLE kept (x INTEGER);' };
    const bad: Migration = {
      version: 2,
      name: 'bad',
      sql: 'CREATE TABLE half (x INTEGER); INSERT INTO kept VALUES (1); SELECT nonsense FROM nowhere;',
    };
    expect(() => migrate(db, [good, bad])).toThrow(/no such table: nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['kept']);
    expect(db.prepare('SELECT COUNT(*) FROM kept').pluck().get()).toBe(0);
    db.close();
  });

  it('apply the later migrations to an old v1 database and keep its rows', () => {
    const path = tmp.path('old.db');
    const v1 = new BetterSqlite3(path);
    migrate(
      v1,
      MIGRATIONS.filter((m) => m.version === 1),
    );
    expect(schemaVersion(v1)).toBe(1);
    v1.close();
    // Write some rows through a v1-only connection, as an old Kira would have.
    const old = new Store(new BetterSqlite3(path), path);
    const company = createCompany(old, { name: 'Old Books' });
    createClient(old, company.id, { name: 'Loyal', created_date: '2023-05-01' });
    old.close();

    const store = Store.open(path);
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    expect(tables(store.db)).toEqual(expect.arrayContaining(['expenses_client', 'invoices_company_paid', 'quotes_company_issue']));
    expect(store.db.prepare('SELECT name FROM clients').pluck().all()).toEqual(['Loyal']);
    expect(compareRollups(store.db)).toEqual([]);
    store.close();
  });
});
