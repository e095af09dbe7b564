/**
 * Invoice status history, so that "as of D" figures (outstanding, overdue, pending, aging, client risk) say what
 * was true on D rather than what is true today.
 *
 * - `invoice_status_history`: one row per status an invoice has had, with the day it happened. Days never go
 *   backwards along an invoice's history and are never before its issue date (every writer clamps them), so the
 *   status on D is simply the last entry with `day <= D`. Statuses never repeat (the transitions are acyclic).
 * - `invoice_open_span` (a rollup of the history): for every invoice that was ever sent/viewed, the half-open
 *   interval [open_day, close_day) in which it was owed, with its due day, client and total. "Open on D" is
 *   `open_day <= D < close_day`; a still-open invoice has close_day 9999-12-31. Indexed by close day first, so
 *   the usual questions (today, a recent month end) read only the invoices closed since D plus the open ones.
 *
 * Who writes history: an invoice INSERT writes its entries from the row itself (every writer, import and demo
 * included): its status on its issue date, and for a paid one `sent` on the issue date then `paid` on its paid
 * date. A status UPDATE is recorded by the write API beforehand with the company's today; a writer that
 * changes the status directly (a script, a test) gets the fallback entry of the trigger below: the paid date
 * for `paid`, else SQLite's UTC date. Existing databases get the same entries as an INSERT would write.
 */
import type { Migration } from '../migrate.js';

// The day of a new entry for invoice `id`: never before the issue date or the invoice's latest entry.
const clamp = (day: string, id: string) => `MAX(${day}, (SELECT issue_date FROM invoices WHERE id = ${id}),
    COALESCE((SELECT MAX(day) FROM invoice_status_history WHERE invoice_id = ${id}), ''))`;

// Recompute invoice `id`'s span from its history and row (kept identical to the recompute in store/rollups.ts).
const refresh = (id: string) => `DELETE FROM invoice_open_span WHERE invoice_id = ${id};
  INSERT INTO invoice_open_span (invoice_id, company_id, client_id, open_day, close_day, due_day, total)
    SELECT i.id, i.company_id, i.client_id, MAX(i.issue_date, o.day), MAX(i.issue_date, o.day, COALESCE(c.day, '9999-12-31')), i.due_date, i.total
    FROM invoices i
    JOIN (SELECT MIN(day) AS day FROM invoice_status_history WHERE invoice_id = ${id} AND status IN ('sent', 'viewed')) o ON o.day IS NOT NULL
    LEFT JOIN (SELECT MIN(day) AS day FROM invoice_status_history WHERE invoice_id = ${id} AND status IN ('paid', 'cancelled')) c
    WHERE i.id = ${id};`;

export const migration: Migration = {
  version: 6,
  name: 'invoice status history',
  sql: `
CREATE TABLE invoice_status_history (
  id          INTEGER PRIMARY KEY,
  company_id  INTEGER NOT NULL,
  invoice_id  INTEGER NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'viewed', 'paid', 'cancelled')),
  day         TEXT NOT NULL,
  UNIQUE (invoice_id, status)
);

CREATE TABLE invoice_open_span (
  invoice_id  INTEGER PRIMARY KEY,
  company_id  INTEGER NOT NULL,
  client_id   INTEGER NOT NULL,
  open_day    TEXT NOT NULL,
  close_day   TEXT NOT NULL,
  due_day     TEXT NOT NULL,
  total       INTEGER NOT NULL
);
CREATE INDEX invoice_open_span_asof ON invoice_open_span (company_id, close_day, open_day, due_day, client_id, total);

-- Existing invoices: the history their dates tell (a cancelled invoice is taken as never having been owed).
INSERT INTO invoice_status_history (company_id, invoice_id, status, day)
  SELECT company_id, id, CASE status WHEN 'paid' THEN 'sent' ELSE status END, issue_date FROM invoices ORDER BY id;
INSERT INTO invoice_status_history (company_id, invoice_id, status, day)
  SELECT company_id, id, 'paid', MAX(paid_date, issue_date) FROM invoices WHERE status = 'paid' ORDER BY id;
INSERT INTO invoice_open_span (invoice_id, company_id, client_id, open_day, close_day, due_day, total)
  SELECT i.id, i.company_id, i.client_id, MAX(i.issue_date, o.day), MAX(i.issue_date, o.day, COALESCE(c.day, '9999-12-31')), i.due_date, i.total
  FROM invoices i
  JOIN (SELECT invoice_id, MIN(day) AS day FROM invoice_status_history WHERE status IN ('sent', 'viewed') GROUP BY invoice_id) o ON o.invoice_id = i.id
  LEFT JOIN (SELECT invoice_id, MIN(day) AS day FROM invoice_status_history WHERE status IN ('paid', 'cancelled') GROUP BY invoice_id) c ON c.invoice_id = i.id;

CREATE TRIGGER invoices_history_insert AFTER INSERT ON invoices BEGIN
  INSERT INTO invoice_status_history (company_id, invoice_id, status, day)
    VALUES (new.company_id, new.id, CASE new.status WHEN 'paid' THEN 'sent' ELSE new.status END, new.issue_date);
  INSERT INTO invoice_status_history (company_id, invoice_id, status, day)
    SELECT new.company_id, new.id, 'paid', MAX(new.paid_date, new.issue_date) WHERE new.status = 'paid';
END;

CREATE TRIGGER invoices_history_status AFTER UPDATE OF status ON invoices WHEN old.status IS NOT new.status BEGIN
  INSERT INTO invoice_status_history (company_id, invoice_id, status, day)
    SELECT new.company_id, new.id, new.status, ${clamp(`CASE new.status WHEN 'paid' THEN new.paid_date ELSE date('now') END`, 'new.id')}
    WHERE NOT EXISTS (SELECT 1 FROM invoice_status_history WHERE invoice_id = new.id AND status = new.status);
END;

-- A paid invoice may correct its paid date; a draft may move its issue date (its only entry is the draft one).
CREATE TRIGGER invoices_history_paid_date AFTER UPDATE OF paid_date ON invoices WHEN new.status = 'paid' AND old.paid_date IS NOT new.paid_date BEGIN
  UPDATE invoice_status_history SET day = MAX(new.paid_date,
      (SELECT COALESCE(MAX(day), '') FROM invoice_status_history WHERE invoice_id = new.id AND status <> 'paid'))
    WHERE invoice_id = new.id AND status = 'paid';
END;
CREATE TRIGGER invoices_history_issue_date AFTER UPDATE OF issue_date ON invoices WHEN new.status = 'draft' BEGIN
  UPDATE invoice_status_history SET day = new.issue_date WHERE invoice_id = new.id AND status = 'draft';
END;

CREATE TRIGGER invoices_history_delete AFTER DELETE ON invoices BEGIN
  DELETE FROM invoice_status_history WHERE invoice_id = old.id;
  DELETE FROM invoice_open_span WHERE invoice_id = old.id;
END;

CREATE TRIGGER invoice_history_span_insert AFTER INSERT ON invoice_status_history BEGIN
  ${refresh('new.invoice_id')}
END;
CREATE TRIGGER invoice_history_span_update AFTER UPDATE OF day ON invoice_status_history BEGIN
  ${refresh('new.invoice_id')}
END;
CREATE TRIGGER invoices_span_update AFTER UPDATE OF client_id, issue_date, due_date, total ON invoices BEGIN
  ${refresh('new.id')}
END;`,
};
