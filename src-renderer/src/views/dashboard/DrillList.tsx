/** The filtered list behind a tile or chart slice (expenses of a category in the range, overdue invoices, …). */
import { useEffect, useState } from 'react';
import type { ApiResult } from '../../../../src-engine/core/api/index.js';
import { EXPENSE_CATEGORIES } from '../../../../src-engine/core/categories.js';
import type { DrillTarget } from '../../format/tiles.js';
import { formatMoney } from '../../format/money.js';
import { useSession } from '../../state/session.js';
import { DrillFrame } from '../DrillFrame.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

/** A page of the list, tagged with which list it is so each row is read as its own type. */
type Loaded =
  | { list: 'expenses'; page: ApiResult<'expenses.list'> }
  | { list: 'invoices'; page: ApiResult<'invoices.list'> }
  | { list: 'clients'; page: ApiResult<'clients.list'> };

export function DrillList({ target, currency, onClose }: { target: DrillTarget; currency: string; onClose: () => void }) {
  const client = useSession((s) => s.client);
  const [page, setPage] = useState(1);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!client) return;
    setError(null);
    const q = { ...target.query, page, page_size: 25 };
    const fail = (e: unknown) => setError(errorMessage(e));
    if (target.list === 'expenses') client.listExpenses(q).then((p) => setLoaded({ list: 'expenses', page: p }), fail);
    else if (target.list === 'invoices') client.listInvoices(q).then((p) => setLoaded({ list: 'invoices', page: p }), fail);
    else client.listClients(q).then((p) => setLoaded({ list: 'clients', page: p }), fail);
  }, [client, target, page]);

  // A page of the previous list is not shown under the next list's header.
  const res = loaded?.list === target.list ? loaded.page : null;
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
              {loaded?.list === 'expenses' &&
                loaded.page.items.map((e) => (
                  <tr key={e.id}>
                    <td>{e.date}</td>
                    <td>{EXPENSE_CATEGORIES[e.category]}</td>
                    <td>{e.description}</td>
                    <td className="num">{formatMoney(e.amount, currency)}</td>
                  </tr>
                ))}
              {loaded?.list === 'invoices' &&
                loaded.page.items.map((i) => (
                  <tr key={i.id}>
                    <td>{i.number}</td>
                    <td>{i.overdue ? 'overdue' : i.status}</td>
                    <td>{i.issue_date}</td>
                    <td>{i.due_date}</td>
                    <td className="num">{formatMoney(i.total, currency)}</td>
                  </tr>
                ))}
              {loaded?.list === 'clients' &&
                loaded.page.items.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{c.email ?? ''}</td>
                    <td>{c.created_date}</td>
                  </tr>
                ))}
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
