/**
 * The change feed: after every committed write (API, import, recalculation, demo) the writer publishes
 * which company and which days changed. The cache invalidates from it and the live stream pushes from it.
 * Publishing happens after commit, so a subscriber that reads sees the new rows.
 */
import type { IsoDate } from '../core/dates.js';

export type ChangedTable = 'companies' | 'clients' | 'quotes' | 'invoices' | 'expenses' | 'rollups';

export interface ChangeEvent {
  companyId: number;
  tables: ChangedTable[];
  /** Every date field value the write touched (old and new): issue, due, paid, expense dates, created dates. */
  dates: IsoDate[];
  /** `external`: another process committed to the database (service/common/freshness.ts); what it changed is unknown. */
  source: 'write' | 'import' | 'recalculate' | 'demo' | 'restore' | 'external';
  /** Rows affected (an import's row count), for coalescing decisions and logs. */
  rows: number;
}

export type ChangeListener = (event: ChangeEvent) => void;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: ChangeEvent): void {
    for (const l of this.listeners) {
      // One failing listener must not stop the others nor fail the write that already committed.
      try {
        l(event);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
