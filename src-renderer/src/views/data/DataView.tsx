/** Data entry and movement: import, export, forms, recalculation. */
import { useEffect, useState } from 'react';
import type { Expense, Invoice } from '../../../../src-engine/core/domain.js';
import { formatMoney } from '../../format/money.js';
import { currentCompany, useSession } from '../../state/session.js';
import { ExpenseForm } from './ExpenseForm.js';
import { ExportLinks } from './ExportLinks.js';
import { ImportPanel } from './ImportPanel.js';
import { InvoiceForm } from './InvoiceForm.js';
import { RecalculatePanel } from './RecalculatePanel.js';
import { StatementImportPanel } from './StatementImportPanel.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';
import { refreshDashboard } from '../dashboard/use-live.js';

export function DataView() {
  const client = useSession((s) => s.client);
  const company = useSession(currentCompany);
  const [editExpense, setEditExpense] = useState<Expense | null>(null);
  const [editInvoice, setEditInvoice] = useState<Invoice | null>(null);
  const [recent, setRecent] = useState<{ expenses: Expense[]; invoices: Invoice[] }>({ expenses: [], invoices: [] });
  const [recentError, setRecentError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const currency = company?.currency ?? 'MYR';

  useEffect(() => {
    if (!client || !company) return;
    const q = { company: company.id, page: 1, page_size: 5 };
    // allSettled never rejects: a failed list shows empty, with the service's message above the lists.
    void Promise.allSettled([client.listExpenses({ ...q }), client.listInvoices({ ...q })]).then(([e, i]) => {
      setRecent({ expenses: e.status === 'fulfilled' ? e.value.items : [], invoices: i.status === 'fulfilled' ? i.value.items : [] });
      const failed = [e, i].find((r) => r.status === 'rejected');
      setRecentError(failed ? errorMessage(failed.reason) : null);
    });
  }, [client, company, version]);

  return (
    <div className="data-view">
      <h1 className="sr-only">Data</h1>
      <div className="grid">
        <ExpenseForm
          editing={editExpense}
          onSaved={() => {
            setEditExpense(null);
            setVersion((v) => v + 1);
            refreshDashboard();
          }}
        />
        <InvoiceForm
          editing={editInvoice}
          onSaved={() => {
            setEditInvoice(null);
            setVersion((v) => v + 1);
            refreshDashboard();
          }}
        />
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title">Recent entries</h2>
          {recentError && (
            <p role="alert" className="error-block">
              {recentError}
            </p>
          )}
          <ul className="recent">
            {recent.expenses.map((e) => (
              <li key={`e${e.id}`}>
                {e.date} {e.description || e.category} {formatMoney(e.amount, currency)}{' '}
                <button type="button" className="link" onClick={() => setEditExpense(e)}>
                  Edit
                </button>
              </li>
            ))}
            {recent.invoices.map((i) => (
              <li key={`i${i.id}`}>
                {i.number} {formatMoney(i.total, currency)}{' '}
                <button type="button" className="link" onClick={() => setEditInvoice(i)}>
                  Edit
                </button>
              </li>
            ))}
          </ul>
        </section>
        <ImportPanel />
        <StatementImportPanel />
        <ExportLinks />
        <RecalculatePanel />
      </div>
    </div>
  );
}
