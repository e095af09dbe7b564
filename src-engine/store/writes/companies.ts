import type { Company } from '../../core/domain.js';
import { validateNewCompany } from '../../core/validate/company.js';
import { getCompany } from '../reads/companies.js';
import type { Store } from '../store.js';
import { changeOf } from './change.js';

/** `{ name, currency = 'MYR', time_zone = 'Asia/Kuala_Lumpur' }` → the stored company. */
export function createCompany(store: Store, input: unknown, now: Date = new Date()): Company {
  const c = validateNewCompany(input);
  return store.write(() => {
    const { lastInsertRowid } = store.db
      .prepare('INSERT INTO companies (name, currency, time_zone, created_at) VALUES (?, ?, ?, ?)')
      .run(c.name, c.currency, c.time_zone, now.toISOString());
    const id = Number(lastInsertRowid);
    return { result: getCompany(store.db, id), change: changeOf(id, ['companies'], []) };
  });
}
