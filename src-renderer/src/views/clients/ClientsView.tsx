/** Clients for the period: sortable columns, pages of 25, a risk badge per client. */
import { useEffect, useState } from 'react';
import type { ClientSort, ClientsResult } from '../../../../src-engine/core/views/types.js';
import { formatMoney, formatCount } from '../../format/money.js';
import { currentCompany, useSession } from '../../state/session.js';
import { useDashboard } from '../../state/dashboard.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

const COLUMNS: { key: ClientSort; label: string; num?: boolean }[] = [
  { key: 'name', label: 'Client' },
  { key: 'revenue', label: 'Revenue', num: true },
  { key: 'outstanding', label: 'Outstanding', num: true },
  { key: 'invoice_count', label: 'Invoices', num: true },
  { key: 'average_days_to_pay', label: 'Avg days to pay', num: true },
  { key: 'payment_score', label: 'Payment score', num: true },
  { key: 'risk', label: 'Risk' },
];

export function ClientsView() {
  const { client, companyId, range, basis } = useSession();
  const company = useSession(currentCompany);
  const updatedAt = useDashboard((d) => d.updatedAt);
  const [sort, setSort] = useState<{ key: ClientSort; desc: boolean }>({ key: 'revenue', desc: true });
  const [page, setPage] = useState(1);
  const [res, setRes] = useState<ClientsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const currency = company?.currency ?? 'MYR';

  useEffect(() => {
    if (!client || companyId === null) return;
    // A sort or page change while the previous answer is on its way: only the latest request may set the rows.
    let current = true;
    client
      .clients({
        company: companyId,
        from: range.from,
        to: range.to,
        basis,
        page,
        page_size: 25,
        sort: sort.key,
        order: sort.desc ? 'desc' : 'asc',
      })
      .then(
        (r) => {
          if (!current) return;
          setRes(r);
          setError(null);
        },
        (e: unknown) => {
          if (current) setError(errorMessage(e));
        },
      );
    return () => {
      current = false;
    };
  }, [client, companyId, range, basis, page, sort, updatedAt]);

  const onSort = (key: ClientSort) => {
    setPage(1);
    setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' }));
  };

  return (
    <section className="card" aria-labelledby="clients-title">
      <h1 id="clients-title">Clients</h1>
      {error && (
        <p role="alert" className="error-inline">
          {error}
        </p>
      )}
      {!res && !error && <p aria-busy="true">Loading…</p>}
      {res && (
        <>
          <table data-testid="clients-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.key}
                    className={c.num ? 'num' : undefined}
                    aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                  >
                    <button type="button" className="th-sort" onClick={() => onSort(c.key)}>
                      {c.label}
                      {sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {res.items.map((r) => (
                <tr key={r.client_id} data-testid="client-row">
                  <td>
                    {r.name}
                    {!r.active && <span className="muted"> (inactive)</span>}
                  </td>
                  <td className="num">{formatMoney(r.revenue, currency)}</td>
                  <td className="num">{formatMoney(r.outstanding, currency)}</td>
                  <td className="num">{formatCount(r.invoice_count)}</td>
                  <td className="num">{r.average_days_to_pay === null ? '—' : r.average_days_to_pay.toFixed(1)}</td>
                  <td className="num">{r.payment_score === null ? '—' : Math.round(r.payment_score)}</td>
                  <td>
                    <span className={`badge risk-${r.risk}`} title={r.risk_reason}>
                      {r.risk} risk
                    </span>{' '}
                    <span className="muted risk-reason" data-testid="risk-reason">
                      {r.risk_reason}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>
            <span>
              Page {res.page} of {Math.max(1, res.total_pages)} ({res.total} clients)
            </span>
            <button type="button" disabled={page >= res.total_pages} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
