/**
 * Revenue per client per issue month. client_revenue_daily barely compresses (a client rarely has two
 * invoices on one day), so summing it over a six-month range read about as many rows as there are invoices;
 * this rollup answers the whole months of a range and leaves only the edge days to the daily one.
 */
import type { Migration } from '../migrate.js';

type Ref = 'new' | 'old';
const revenue = (r: Ref) => `${r}.status NOT IN ('draft', 'cancelled')`;
const key = (r: Ref) => `company_id = ${r}.company_id AND month = substr(${r}.issue_date, 1, 7) AND client_id = ${r}.client_id`;

const add = (r: Ref) => `INSERT INTO client_revenue_monthly (company_id, month, client_id, total, count)
    SELECT ${r}.company_id, substr(${r}.issue_date, 1, 7), ${r}.client_id, ${r}.total, 1 WHERE ${revenue(r)}
    ON CONFLICT DO UPDATE SET total = total + excluded.total, count = count + 1;`;
const remove = (
  r: Ref,
) => `UPDATE client_revenue_monthly SET total = total - ${r}.total, count = count - 1 WHERE ${revenue(r)} AND ${key(r)};
  DELETE FROM client_revenue_monthly WHERE ${revenue(r)} AND ${key(r)} AND count = 0;`;

export const migration: Migration = {
  version: 4,
  name: 'client revenue per month',
  sql: `
CREATE TABLE client_revenue_monthly (
  company_id  INTEGER NOT NULL,
  month       TEXT NOT NULL,
  client_id   INTEGER NOT NULL,
  total       INTEGER NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (company_id, month, client_id)
) WITHOUT ROWID;

INSERT INTO client_revenue_monthly (company_id, month, client_id, total, count)
  SELECT company_id, substr(issue_date, 1, 7), client_id, SUM(total), COUNT(*) FROM invoices
  WHERE status NOT IN ('draft', 'cancelled') GROUP BY company_id, substr(issue_date, 1, 7), client_id;

CREATE TRIGGER invoices_client_monthly_insert AFTER INSERT ON invoices BEGIN
  ${add('new')}
END;
CREATE TRIGGER invoices_client_monthly_delete AFTER DELETE ON invoices BEGIN
  ${remove('old')}
END;
CREATE TRIGGER invoices_client_monthly_update AFTER UPDATE OF company_id, client_id, status, issue_date, total ON invoices BEGIN
  ${remove('old')}
  ${add('new')}
END;`,
};
