/**
 * The engine's handle on one database: the writer connection plus the change feed. Write functions take a
 * Store, run in `store.write(...)` (one transaction) and publish their change after commit.
 */
import type { Database } from 'better-sqlite3';
import { ChangeFeed, type ChangeEvent } from './changes.js';
import { openDatabase, type OpenOptions } from './open.js';

export class Store {
  readonly changes = new ChangeFeed();

  constructor(
    readonly db: Database,
    readonly path: string,
  ) {}

  static open(path: string, opts: OpenOptions = {}): Store {
    return new Store(openDatabase(path, opts), path);
  }

  /**
   * Run `fn` in one IMMEDIATE transaction (takes the write lock up front, so two processes never deadlock on
   * upgrade) and publish the change it describes once committed.
   */
  write<T>(fn: () => { result: T; change: ChangeEvent | ChangeEvent[] | null }): T {
    const { result, change } = this.db.transaction(fn).immediate();
    if (change) for (const c of Array.isArray(change) ? change : [change]) this.changes.publish(c);
    return result;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
