/**
 * `kira` as a user meets it, through real child processes of bin/kira.js (the compiled engine; `npm run
 * build:engine` first): every user error is one clear line and an exit code, never a stack; a refused command
 * creates no database and no backup; a closed pipe ends quietly; --version, help CMD, singular and plural.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const KIRA = join(ROOT, 'bin', 'kira.js');
const STACK = /\n\s+at /;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kira(...args: string[]): Run {
  const r = spawnSync(process.execPath, [KIRA, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A refusal: the exit code, exactly one line on stderr matching `message`, no stack. */
function expectRefusal(r: Run, code: number, message: RegExp): void {
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.code).toBe(code);
}

let tmp: ReturnType<typeof tempDir>;
let books: string;
beforeAll(() => {
  tmp = tempDir('kira-cli-errors-');
  books = tmp.path('books.db');
  execFileSync(process.execPath, [KIRA, 'demo', '--db', books, '--companies', '1', '--expenses', '20000', '--invoices', '20'], {
    stdio: 'pipe',
  });
}, 120_000);
afterAll(() => tmp.cleanup());

describe('version and help', () => {
  it('kira --version prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(kira('--version')).toEqual({ code: 0, stdout: `kira ${version}\n`, stderr: '' });
    expect(kira('-v').stdout).toBe(`kira ${version}\n`);
  });

  it("kira help CMD prints that command's usage; an unknown one exits 2", () => {
    const help = kira('help', 'import');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kira import /);
    expect(help.stdout).toBe(kira('import', '--help').stdout);
    expect(kira('help', 'export').stdout).toMatch(/^Usage: kira export /);
    const top = kira('help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/kira help <command>/);
    const unknown = kira('help', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });
});

describe('missing and unreadable files', () => {
  it('kira export --db MISSING: one line, exit 2, and the file is not created', () => {
    const missing = tmp.path('missing-export.db');
    expectRefusal(
      kira('export', '--db', missing, '--company', '1', '--kind', 'expenses'),
      2,
      /^kira export: no database at .*missing-export\.db\n$/,
    );
    expect(existsSync(missing)).toBe(false);
  });

  it('kira import --db MISSING creates no database', () => {
    const csv = tmp.path('one.csv');
    writeFileSync(csv, 'date,category,amount\n2026-01-01,travel,1.00\n');
    const missing = tmp.path('missing-import.db');
    expectRefusal(kira('import', '--db', missing, '--company', '1', '--kind', 'expenses', csv), 2, /no database at .*missing-import\.db/);
    expect(existsSync(missing)).toBe(false);
  });

  it('kira import of a missing file or a folder names it', () => {
    expectRefusal(
      kira('import', '--db', books, '--company', '1', '--kind', 'expenses', tmp.path('nope.csv')),
      2,
      /cannot read .*nope\.csv/,
    );
    const folder = tmp.path('a-folder');
    mkdirSync(folder);
    const r = kira('import', '--db', books, '--company', '1', '--kind', 'expenses', folder);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/folder|EISDIR/);
    expect(r.code).toBeGreaterThan(0);
  });

  it('read commands refuse a missing database without creating it', () => {
    for (const args of [['check'], ['companies'], ['backup'], ['serve', '--port', '0'], ['bench', '--quick']]) {
      const missing = tmp.path(`missing-${args[0]!}.db`);
      expectRefusal(kira(...args, '--db', missing), 2, /no database at/);
      expect(existsSync(missing), args.join(' ')).toBe(false);
    }
  });

  it('a file that is not a database, and an --out that cannot be written, are one line and exit 1', () => {
    const junk = tmp.path('junk.db');
    writeFileSync(junk, 'this is not SQLite '.repeat(500));
    expectRefusal(
      kira('export', '--db', junk, '--company', '1', '--kind', 'expenses'),
      1,
      /^kira export: database error: file is not a database \(SQLITE_NOTADB\)\n$/,
    );
    const out = tmp.path(join('no-such-folder', 'x.csv'));
    expectRefusal(
      kira('export', '--db', books, '--company', '1', '--kind', 'expenses', '--out', out),
      1,
      /no-such-folder.*x\.csv: no such file or folder/,
    );
  });

  it('an unknown company is one line, exit 1', () => {
    expectRefusal(kira('export', '--db', books, '--company', '99', '--kind', 'expenses'), 1, /^kira export: .*company.*99/);
  });
});

describe('a refused start touches nothing', () => {
  it('kira serve --token short creates no database and no backup', () => {
    const fresh = tmp.path('serve-short.db');
    const r = kira('serve', '--db', fresh, '--demo', '--token', 'short');
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toMatch(/--token must have at least 16 characters/);
    expect(r.code).toBe(2);
    expect(existsSync(fresh)).toBe(false);
    expect(existsSync(tmp.path('backups'))).toBe(false);
  });

  it('kira serve --demo with a bad --port creates no database', () => {
    const fresh = tmp.path('serve-port.db');
    const r = kira('serve', '--db', fresh, '--demo', '--port', 'eighty');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be a whole number/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('kira serve on a port in use: one line naming the port, exit 1, and no backup taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await new Promise<Run>((resolve) => {
        // Backups on (the default): a start that never served must not leave a shutdown backup behind.
        const child = spawn(process.execPath, [KIRA, 'serve', '--db', books, '--port', String(port)], { cwd: ROOT });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expectRefusal(r, 1, new RegExp(`EADDRINUSE.*127\\.0\\.0\\.1:${port}`));
      expect(existsSync(tmp.path('backups'))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('a folder given as --db is named, for the commands that create books too', () => {
    const folder = tmp.path('books-folder');
    mkdirSync(folder);
    expectRefusal(kira('demo', '--db', folder), 2, /books-folder is a folder, not a database file/);
    expectRefusal(kira('companies', 'add', '--db', folder, '--name', 'X'), 2, /books-folder is a folder/);
    expectRefusal(kira('export', '--db', folder, '--company', '1', '--kind', 'expenses'), 2, /books-folder is a folder/);
  });

  it('kira companies add still creates books (documented), and lists them', () => {
    const fresh = tmp.path('new-books.db');
    expect(kira('companies', 'add', '--db', fresh, '--name', 'New Co')).toMatchObject({ code: 0, stdout: '1\n' });
    expect(kira('companies', '--db', fresh).stdout).toMatch(/New Co/);
  });
});

describe('pipes', () => {
  it('kira export … | head: the reader going away ends the export quietly with exit 0', async () => {
    const child = spawn(process.execPath, [KIRA, 'export', '--db', books, '--company', '1', '--kind', 'expenses'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `head -n 1`: read the first chunk, then close our end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('the export really is longer than one pipe buffer (so the test above hits EPIPE)', () => {
    const r = spawnSync(process.execPath, [KIRA, 'export', '--db', books, '--company', '1', '--kind', 'expenses'], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 ** 2,
    });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(512 * 1024);
  });
});

describe('singular and plural', () => {
  it('"1 expense imported", "2 expenses"', () => {
    const one = tmp.path('one-row.csv');
    writeFileSync(one, 'date,category,amount\n2026-01-01,travel,1.00\n');
    const r = kira('import', '--db', books, '--company', '1', '--kind', 'expenses', one);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^imported 1 expense in \d+ ms$/m);
    expect(r.stderr).toMatch(/1 expense imported, 0 rows rejected/);
    const two = tmp.path('two-rows.csv');
    writeFileSync(two, 'date,category,amount\n2026-01-01,travel,1.00\n2026-01-02,travel,-1\n2026-01-03,travel,2.00\n');
    const g = kira('import', '--db', books, '--company', '1', '--kind', 'expenses', '--good-rows', two);
    expect(g.stdout).toMatch(/^imported 2 expenses in/m);
    expect(g.stderr).toMatch(/skipped 1 bad row:/);
  });
});
