/** The filtered list behind a tile or chart slice (expenses of a category in the range, overdue invoices, …). */
import { useEffect, useState } from 'react';
import type { Client, Expense, Invoice } from '../../../../src-engine/core/domain.js';
import { EXPENSE_CATEGORIES } from '../../../../src-engine/core/categories.js';
import type { DrillTarget } from '../../format/tiles.js';
import { formatMoney } from '../../format/money.js';
import { useSession } from '../../state/session.js';
import type { ListResult } from '../../client/inputs.js';
import { DrillFrame } from '../DrillFrame.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

type Row = Expense | Invoice | Client;

export function DrillList({ target, currency, onClose }: { target: DrillTarget; currency: string; onClose: () => void }) {
  const client = useSession((s) => s.client);
  const [page, setPage] = useState(1);
  const [res, setRes] = useState<ListResult<Row> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!client) return;
    setError(null);
    const q = { ...target.query, page, page_size: 25 };
    const call =
      target.list === 'expenses' ? client.listExpenses(q) : target.list === 'invoices' ? client.listInvoices(q) : client.listClients(q);
    (call as Promise<ListResult<Row>>).then(setRes, (e: unknown) => setError(errorMessage(e)));
  }, [client, target, page]);

  const pages = res ? Math.max(1, Math.ceil(res.total / res.page_size)) : 1;
  return (
    <DrillFrame id="drill-title" testId="drill" title={target.title} error={error} loading={!res} onClose={onClose}>
      {res && (
        <>
          <table>
            <thead>
              {target.list === 'expenses' && (
                <tr>
                  <th>Date</th>
                  <th>Category</th>
                  <th>Description</th>
                  <th className="num">Amount</th>
                </tr>
              )}
              {target.list === 'invoices' && (
                <tr>
                  <th>Number</th>
                  <th>Status</th>
                  <th>Issued</th>
                  <th>Due</th>
                  <th className="num">Total</th>
                </tr>
              )}
              {target.list === 'clients' && (
                <tr>
                  <th>Name</th>
                  <th>Email</th>
                  <th>Since</th>
                </tr>
              )}
            </thead>
            <tbody>
              {res.items.map((r) => {
                if (target.list === 'expenses') {
                  const e = r as Expense;
                  return (
                    <tr key={e.id}>
                      <td>{e.date}</td>
                      <td>{EXPENSE_CATEGORIES[e.category]}</td>
                      <td>{e.description}</td>
                      <td className="num">{formatMoney(e.amount, currency)}</td>
                    </tr>
                  );
                }
                if (target.list === 'invoices') {
                  const i = r as Invoice;
                  return (
                    <tr key={i.id}>
                      <td>{i.number}</td>
                      <td>{i.overdue ? 'overdue' : i.status}</td>
                      <td>{i.issue_date}</td>
                      <td>{i.due_date}</td>
                      <td className="num">{formatMoney(i.total, currency)}</td>
                    </tr>
                  );
                }
                const c = r as Client;
                return (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.email ?? ''}</td>
                    <td>{c.created_date}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span>
              Page {page} of {pages} ({res.total} rows
              {res.sum !== undefined && (
                <>
                  , total{' '}
                  <strong data-testid="drill-sum" data-value={res.sum}>
                    {formatMoney(res.sum, currency)}
                  </strong>
                </>
              )}
              )
            </span>
            <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </div>
        </>
      )}
    </DrillFrame>
  );
}
