/** A fresh store on a real SQLite file in a temp dir, plus small builders for valid input. */
import { tempDir } from '../helpers/tmp.js';
import { Store } from '../../src-engine/store/store.js';
import type { ChangeEvent } from '../../src-engine/store/changes.js';
import { createCompany } from '../../src-engine/store/writes/companies.js';
import { createClient } from '../../src-engine/store/writes/clients.js';

export interface TestStore {
  store: Store;
  events: ChangeEvent[];
  path: string;
  dir: string;
  close(): void;
}

export function openTestStore(): TestStore {
  const tmp = tempDir('kira-store-');
  const path = tmp.path('books.db');
  const store = Store.open(path);
  const events: ChangeEvent[] = [];
  store.changes.subscribe((e) => events.push(e));
  return {
    store,
    events,
    path,
    dir: tmp.dir,
    close() {
      store.close();
      tmp.cleanup();
    },
  };
}

/** Two companies with one client each: the usual starting point. */
export function twoCompanies(store: Store, zone = 'Asia/Kuala_Lumpur') {
  const a = createCompany(store, { name: 'Alpha Sdn Bhd', time_zone: zone });
  const b = createCompany(store, { name: 'Beta Trading', time_zone: zone });
  const clientA = createClient(store, a.id, { name: 'Acme', created_date: '2025-01-02' });
  const clientB = createClient(store, b.id, { name: 'Bumi', created_date: '2025-01-02' });
  return { a, b, clientA, clientB };
}

export const line = (unit_price = 10_000, quantity: number | string = 1, description = 'Bookkeeping') => ({
  description,
  quantity,
  unit_price,
});
