/**
 * The company repository (store/reads/companies.ts) and the one statement cache (store/statements.ts): every
 * company lookup, in the store, the dashboard views and the service's handlers, answers an unknown or missing
 * company with the same error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src-engine/core/errors.js';
import { firstCompanyId, loadCompany } from '../../src-engine/dashboard/company.js';
import {
  companyOrDefault,
  defaultCompany,
  getCompany,
  listCompanies,
  listCompaniesWithCounts,
} from '../../src-engine/store/reads/companies.js';
import { prepared } from '../../src-engine/store/statements.js';
import { Store } from '../../src-engine/store/store.js';
import { createCompany } from '../../src-engine/store/writes/companies.js';
import { openTestStore, type TestStore } from './fixtures.js';
import { startFixture } from '../service/helpers.js';
import { thrown } from '../helpers/thrown.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

describe('company repository', () => {
  it('reads by id, the default (first by id), either, and the list', () => {
    const a = createCompany(t.store, { name: 'Alpha Sdn Bhd' });
    const b = createCompany(t.store, { name: 'Beta Trading', currency: 'SGD', time_zone: 'Asia/Singapore' });
    expect(getCompany(t.store.db, b.id)).toEqual(b);
    expect(defaultCompany(t.store.db)).toEqual(a);
    expect(companyOrDefault(t.store.db, undefined)).toEqual(a);
    expect(companyOrDefault(t.store.db, b.id)).toEqual(b);
    expect(listCompanies(t.store.db)).toEqual([a, b]);
    expect(listCompaniesWithCounts(t.store.db).map((c) => c.counts)).toEqual([
      { clients: 0, invoices: 0, expenses: 0, quotes: 0 },
      { clients: 0, invoices: 0, expenses: 0, quotes: 0 },
    ]);
  });

  it('says "company N does not exist" for an unknown id, in the store and in the dashboard', () => {
    createCompany(t.store, { name: 'Alpha Sdn Bhd' });
    for (const e of [thrown(() => getCompany(t.store.db, 999)), thrown(() => loadCompany(t.store.db, 999))]) {
      expect(e).toBeInstanceOf(NotFoundError);
      expect(e).toMatchObject({ kind: 'not_found', code: 'not_found', message: 'company 999 does not exist' });
    }
  });

  it('gives one error when the database has no company, whichever way the default is asked for', () => {
    const errors = [
      thrown(() => defaultCompany(t.store.db)),
      thrown(() => companyOrDefault(t.store.db, undefined)),
      thrown(() => firstCompanyId(t.store.db)),
    ];
    for (const e of errors) {
      expect(e).toMatchObject({ kind: 'not_found', message: 'company default (the database has no company yet) does not exist' });
    }
    expect(listCompanies(t.store.db)).toEqual([]);
  });
});

describe('statement cache', () => {
  it('prepares each SQL text once per database', () => {
    const other = Store.open(t.path.replace(/books\.db$/, 'other.db'));
    try {
      const sql = 'SELECT id FROM companies ORDER BY id';
      expect(prepared(t.store.db, sql)).toBe(prepared(t.store.db, sql));
      expect(prepared(other.db, sql)).not.toBe(prepared(t.store.db, sql));
      expect(prepared(t.store.db, 'SELECT 1')).not.toBe(prepared(t.store.db, sql));
    } finally {
      other.close();
    }
  });
});

describe('over HTTP', () => {
  it('a record route and a dashboard view answer an unknown company with the same body', async () => {
    const f = await startFixture();
    try {
      const record = await f.get('/api/expenses?company=999');
      const view = await f.get('/api/dashboard/overview?company=999');
      expect([record.status, view.status]).toEqual([404, 404]);
      const [a, b] = [await record.json(), await view.json()];
      expect(a).toEqual(b);
      expect(a).toMatchObject({ error: { code: 'not_found', message: 'company 999 does not exist' } });
    } finally {
      await f.close();
    }
  });
});
