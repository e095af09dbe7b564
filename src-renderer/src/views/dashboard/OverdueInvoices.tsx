/** The overdue invoices list (first few), refreshed with the dashboard. */
import { useEffect, useState } from 'react';
import type { Invoice } from '../../../../src-engine/core/domain.js';
import { formatMoney } from '../../format/money.js';
import type { DrillTarget } from '../../format/tiles.js';
import { useDashboard } from '../../state/dashboard.js';
import { useSession } from '../../state/session.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

export function OverdueInvoices({ currency, onOpen }: { currency: string; onOpen: (t: DrillTarget) => void }) {
  const client = useSession((s) => s.client);
  const company = useSession((s) => s.companyId);
  const updatedAt = useDashboard((d) => d.updatedAt);
  const [items, setItems] = useState<Invoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!client || company === null) return;
    client.listInvoices({ company, status: 'overdue', page: 1, page_size: 8 }).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client, company, updatedAt]);

  const target: DrillTarget | null =
    company === null ? null : { list: 'invoices', title: 'Overdue invoices', query: { company, status: 'overdue' } };
  return (
    <section className="card" aria-labelledby="overdue-title">
      <div className="card-head">
        <h2 id="overdue-title">Overdue invoices</h2>
        {target && (
          <button type="button" className="link" onClick={() => onOpen(target)}>
            See all
          </button>
        )}
      </div>
      {error && <p className="muted">{error}</p>}
      <ul className="overdue" data-testid="overdue-list">
        {items?.map((i) => (
          <li key={i.id}>
            <span>{i.number}</span> <span className="muted">due {i.due_date}</span>{' '}
            <span className="num">{formatMoney(i.total, currency)}</span>
          </li>
        ))}
        {items && items.length === 0 && <li className="muted">Nothing overdue</li>}
      </ul>
    </section>
  );
}
