/** Start-up failures produced for real (newer schema, corrupt file, locked database) and the page they become. */
import BetterSqlite3 from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startDesktopEngine } from '../../src-main/engine.js';
import { classifyStartupError, startupErrorHtml, startupErrorUrl } from '../../src-main/startup-error.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('kira-startup-');
afterAll(() => tmp.cleanup());

function failureOf(dbPath: string): unknown {
  try {
    const engine = startDesktopEngine({ dbPath, demo: false, workers: 1, log: () => {} });
    void engine.close();
  } catch (e) {
    return e;
  }
  throw new Error('the engine started; expected a start-up failure');
}

describe('start-up failures', () => {
  it('a database from a newer Kira says to update or restore a backup', () => {
    const path = tmp.path('newer.db');
    const db = new BetterSqlite3(path);
    db.pragma('user_version = 9999');
    db.close();
    const r = classifyStartupError(failureOf(path), path);
    expect(r.problem).toBe('schema-too-new');
    expect(r.steps.join(' ')).toMatch(/latest Kira/);
  });

  it('a file that is not a database says to move it aside and restore', () => {
    const path = tmp.path('corrupt.db');
    writeFileSync(path, 'this is not sqlite, just text that happens to be long enough to have a header'.repeat(20));
    const r = classifyStartupError(failureOf(path), path);
    expect(r.problem).toBe('corrupt');
    expect(r.steps[0]).toContain(path);
  });

  it('a database locked by another program says to close it', () => {
    const path = tmp.path('locked.db');
    const holder = new BetterSqlite3(path);
    holder.pragma('journal_mode = DELETE');
    holder.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);');
    try {
      const r = classifyStartupError(failureOf(path), path);
      expect(r.problem).toBe('locked');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 20_000);

  it('renders a page that escapes what it shows and allows no script', () => {
    const r = classifyStartupError(new Error('<script>alert(1)</script>'), '/books/kira.db');
    const html = startupErrorHtml(r);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain("default-src 'none'");
    expect(startupErrorUrl(r)).toMatch(/^data:text\/html;charset=utf-8,/);
    expect(decodeURIComponent(startupErrorUrl(r).split(',')[1] ?? '')).toBe(html);
  });
});
