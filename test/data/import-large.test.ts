/**
 * Huge and large imports. A file over the import limit is refused from its size, before a byte is read and
 * before any database is opened; the rows of a large valid import are staged in a scratch file on disk (never
 * in the connection's in-memory TEMP schema) that is gone afterwards; a child process's peak RSS does not grow
 * with the number of rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../src-engine/core/errors.js';
import { checkImportSize, IMPORT_MAX_BYTES, importCsv } from '../../src-engine/data/csv-import.js';
import { scratchPath } from '../../src-engine/data/staging.js';
import { compareRollups } from '../../src-engine/store/rollups.js';
import { Store } from '../../src-engine/store/store.js';
import { tempDir } from '../helpers/tmp.js';
import { addCompany, digestTables } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('kira-import-large-');
});
afterEach(() => tmp.cleanup());

const kira = (...args: string[]) => spawnSync(process.execPath, ['bin/kira.js', ...args], { encoding: 'utf8' });
const CATS = ['travel', 'meals', 'software', 'rent'];

/** `rows` valid expense rows, generated as the stream is read (nothing held in memory). */
function expenseRows(rows: number, from = 0): Readable {
  return Readable.from(
    (function* () {
      yield 'date,category,amount,description,client\n';
      for (let i = from; i < from + rows; i += 1000) {
        let chunk = '';
        for (let k = i; k < Math.min(from + rows, i + 1000); k++) {
          const d = new Date(Date.UTC(2023, 0, 1) + (k % 700) * 86_400_000).toISOString().slice(0, 10);
          chunk += `${d},${CATS[k % 4]},${(k % 9000) + 1}.${String(k % 100).padStart(2, '0')},Row ${k},Client ${k % 50}\n`;
        }
        yield chunk;
      }
    })(),
  );
}

const stageFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.stage'));

describe('import size limit', () => {
  it('kira import refuses a file just over the limit from its size: exit 1, the database unchanged', () => {
    // A valid CSV start followed by a sparse hole of zeros: reading it would end in "NUL bytes", not in the size error.
    const file = tmp.path('huge.csv');
    writeFileSync(file, 'date,category,amount\n2024-01-01,travel,1.00\n');
    truncateSync(file, IMPORT_MAX_BYTES + 1);
    const books = tmp.path('books.db');
    const s = Store.open(books);
    addCompany(s.db);
    s.close();
    const before = readFileSync(books);
    const out = kira('import', '--db', books, '--company', '1', '--kind', 'expenses', file);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/1,073,741,825 bytes\) is larger than the import limit of 1,073,741,824 bytes/);
    expect(readFileSync(books).equals(before)).toBe(true);
    expect(readdirSync(tmp.dir).sort()).toEqual(['books.db', 'huge.csv']);
  });

  it('importCsv refuses a known size over maxBytes without reading the stream or staging anything', async () => {
    expect(() => checkImportSize(IMPORT_MAX_BYTES)).not.toThrow();
    expect(() => checkImportSize(IMPORT_MAX_BYTES + 1)).toThrow(PayloadTooLargeError);
    const store = Store.open(tmp.path('books.db'));
    try {
      const company = addCompany(store.db);
      let reads = 0;
      const input = new Readable({
        read() {
          reads++;
          this.push(null);
        },
      });
      const before = digestTables(store.db);
      await expect(importCsv(store, company, 'expenses', input, { maxBytes: 1000, sizeBytes: 1001 })).rejects.toMatchObject({
        code: 'payload_too_large',
        details: { limit: 1000, size: 1001 },
      });
      expect(reads).toBe(0);
      expect(scratchPath(store.db)).toBeNull();
      expect(digestTables(store.db)).toBe(before);
    } finally {
      store.close();
    }
  });
});

describe('staging on disk', () => {
  it('stages a 200k-row import in a scratch file beside the books, none in TEMP, and removes it after', async () => {
    const path = tmp.path('books.db');
    const store = Store.open(path);
    try {
      const company = addCompany(store.db);
      let scratch: string | null = null;
      let scratchBytes = 0;
      let tempObjects = 0;
      const r = await importCsv(store, company, 'expenses', expenseRows(200_000), {
        onProgress: () => {
          scratch ??= scratchPath(store.db);
          if (scratch) scratchBytes = Math.max(scratchBytes, statSync(scratch).size);
          tempObjects = Math.max(tempObjects, store.db.prepare('SELECT count(*) FROM temp.sqlite_master').pluck().get() as number);
        },
      });
      expect(r).toMatchObject({ imported: 200_000, rejected: 0 });
      expect(scratch).toBe(`${tmp.dir}/.kira-import-${process.pid}-${/-(\d+)\.stage$/.exec(scratch ?? '')?.[1]}.stage`);
      // The rows were on disk: at least ~20 bytes a row reached the scratch file while reading.
      expect(scratchBytes).toBeGreaterThan(200_000 * 20);
      expect(tempObjects).toBe(0);
      expect(existsSync(scratch!)).toBe(false);
      expect(scratchPath(store.db)).toBeNull();
      expect(
        (store.db.prepare('SELECT name FROM pragma_database_list').pluck().all() as string[]).filter((n) => n.startsWith('kira_stage')),
      ).toEqual([]);
      expect(compareRollups(store.db)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('two imports at once on one connection share the scratch file; it goes after the last', async () => {
    const store = Store.open(tmp.path('books.db'));
    try {
      const a = addCompany(store.db, 'A');
      const b = addCompany(store.db, 'B');
      const [ra, rb] = await Promise.all([
        importCsv(store, a, 'expenses', expenseRows(20_000)),
        importCsv(store, b, 'expenses', expenseRows(30_000, 5)),
      ]);
      expect([ra.imported, rb.imported]).toEqual([20_000, 30_000]);
      expect(scratchPath(store.db)).toBeNull();
      expect(stageFiles(tmp.dir)).toEqual([]);
      expect(compareRollups(store.db)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it("removes a scratch file a killed import left behind (its process is gone), not a live process's", async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const orphan = tmp.path(`.kira-import-${dead.stdout}-1.stage`);
    const live = tmp.path(`.kira-import-${process.ppid}-1.stage`);
    writeFileSync(orphan, 'left by a SIGKILL');
    writeFileSync(live, 'another running import');
    const store = Store.open(tmp.path('books.db'));
    try {
      await importCsv(store, addCompany(store.db), 'expenses', expenseRows(10));
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('finds an invoice number repeated far apart in a file (the earlier one is only on disk by then)', async () => {
    const store = Store.open(tmp.path('books.db'));
    try {
      const company = addCompany(store.db);
      const rows = ['number,client,status,issue_date,due_date,paid_date,subtotal,tax,total'];
      for (let i = 1; i <= 20_000; i++)
        rows.push(`INV-2024-${String(i).padStart(5, '0')},Acme,sent,2024-03-01,2024-03-31,,10.00,0.00,10.00`);
      rows.push('INV-2024-00002,Acme,sent,2024-03-01,2024-03-31,,10.00,0.00,10.00');
      const before = digestTables(store.db);
      const r = await importCsv(store, company, 'invoices', Readable.from([rows.join('\n') + '\n']));
      expect(r.imported).toBe(0);
      expect(r.errors).toEqual([
        { line: 20_002, column: 'number', reason: 'number appears earlier in this file', value: 'INV-2024-00002' },
      ]);
      expect(digestTables(store.db)).toBe(before);
    } finally {
      store.close();
    }
  });
});

describe('import memory', () => {
  it("a child process's RSS does not grow with the rows staged so far", () => {
    // RSS after a full GC, every 64k rows of a 400k-row import, the store's page cache set small: rows kept in
    // memory (the in-memory TEMP table of old: +17 MiB over 265k rows) would show between the first and last sample.
    const out = spawnSync(
      process.execPath,
      ['--expose-gc', 'test/data/children/import-rss.mjs', `${process.cwd()}/dist`, tmp.path('rss.db'), '400000'],
      {
        encoding: 'utf8',
      },
    );
    expect(out.stderr).toBe('');
    const r = JSON.parse(out.stdout) as { imported: number; samples: number[]; tempTables: number };
    expect(r.imported).toBe(400_000);
    expect(r.tempTables).toBe(0);
    expect(r.samples.length).toBeGreaterThanOrEqual(6);
    expect(r.samples.at(-1)! - r.samples[0]!).toBeLessThan(10 * 1024 * 1024);
  });
});
