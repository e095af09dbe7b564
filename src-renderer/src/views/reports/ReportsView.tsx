/**
 * Reports: aged receivables as of any date and profit and loss by month or quarter, each cell a drill into the
 * rows behind it; downloads as XLSX, PDF or CSV (rendered by the service), and Print (the same A4 layout as the
 * PDF, core/reports/print-html.ts, printed by the browser or the desktop window).
 */
import { useEffect, useState } from 'react';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from '../../../../src-engine/core/categories.js';
import { reportHtml } from '../../../../src-engine/core/reports/print-html.js';
import { agingDocument, pnlDocument } from '../../../../src-engine/core/reports/tables.js';
import type { AgingBucket, AgingResult, PnlBy, PnlResult } from '../../../../src-engine/core/reports/types.js';
import type { DrillTarget } from '../../format/tiles.js';
import { formatMoney } from '../../format/money.js';
import { useSession } from '../../state/session.js';
import { DrillList } from '../dashboard/DrillList.js';
import { AgingCellList } from './AgingCellList.js';
import { MoneyLink } from './MoneyLink.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

const BUCKET_LABELS: Record<AgingBucket, string> = {
  current: 'Current',
  '1_30': '1–30',
  '31_60': '31–60',
  '61_90': '61–90',
  over_90: 'Over 90',
};

export interface AgingCell {
  client: number;
  name: string;
  bucket: AgingBucket | 'total';
}

function save(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Print the report's A4 layout from a hidden frame (the page itself stays as it is). */
function printDocument(html: string): void {
  const frame = document.createElement('iframe');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  frame.srcdoc = html;
  frame.onload = () => {
    frame.contentWindow?.print();
    setTimeout(() => frame.remove(), 1000);
  };
  document.body.appendChild(frame);
}

export function ReportsView() {
  const { client, companyId, companies, basis: sessionBasis } = useSession();
  const currency = companies.find((c) => c.id === companyId)?.currency ?? 'MYR';
  const [kind, setKind] = useState<'aging' | 'pnl'>('aging');
  const [asOf, setAsOf] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [by, setBy] = useState<PnlBy>('month');
  const [basis, setBasis] = useState(sessionBasis);
  const [aging, setAging] = useState<AgingResult | null>(null);
  const [pnl, setPnl] = useState<PnlResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [cell, setCell] = useState<AgingCell | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);

  useEffect(() => {
    if (!client || companyId === null) return;
    setError(null);
    setCell(null);
    setDrill(null);
    const fail = (e: unknown) => setError(errorMessage(e));
    if (kind === 'aging') client.aging({ company: companyId, ...(asOf ? { as_of: asOf } : {}) }).then(setAging, fail);
    else client.pnl({ company: companyId, basis, by, ...(from ? { from } : {}), ...(to ? { to } : {}) }).then(setPnl, fail);
  }, [client, companyId, kind, asOf, from, to, by, basis]);

  const query = () =>
    kind === 'aging'
      ? { company: companyId ?? undefined, kind, ...(aging ? { as_of: aging.as_of } : {}) }
      : { company: companyId ?? undefined, kind, basis, by, ...(pnl ? { from: pnl.from, to: pnl.to } : {}) };
  const download = async (format: 'xlsx' | 'pdf' | 'csv') => {
    if (!client) return;
    setBusy(format);
    try {
      const f = await client.reportFile({ ...query(), format });
      save(f.filename, f.blob);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const print = () => {
    const doc = kind === 'aging' ? aging && agingDocument(aging) : pnl && pnlDocument(pnl);
    if (doc) printDocument(reportHtml(doc));
  };
  const money = (v: number) => formatMoney(v, currency);
  const pnlDrill = (p: { from: string; to: string }, what: 'revenue' | 'expenses', category?: ExpenseCategory) => {
    if (companyId === null) return;
    const range = { company: companyId, from: p.from, to: p.to };
    if (what === 'expenses') {
      setDrill({
        list: 'expenses',
        title: `${category ? EXPENSE_CATEGORIES[category] : 'Expenses'} ${p.from} – ${p.to}`,
        query: { ...range, ...(category ? { category } : {}) },
      });
    } else {
      setDrill(
        basis === 'cash'
          ? { list: 'invoices', title: `Invoices paid ${p.from} – ${p.to}`, query: { ...range, date_field: 'paid', status: 'paid' } }
          : { list: 'invoices', title: `Invoices issued ${p.from} – ${p.to}`, query: { ...range, status: 'revenue' } },
      );
    }
  };

  return (
    <section className="reports" aria-labelledby="reports-title" data-testid="reports">
      <div className="card">
        <div className="card-head">
          <h2 id="reports-title">Reports</h2>
          <div className="tabs" role="group" aria-label="Report">
            <button type="button" aria-pressed={kind === 'aging'} data-testid="report-kind-aging" onClick={() => setKind('aging')}>
              Aged receivables
            </button>
            <button type="button" aria-pressed={kind === 'pnl'} data-testid="report-kind-pnl" onClick={() => setKind('pnl')}>
              Profit and loss
            </button>
          </div>
        </div>
        <div className="report-controls">
          {kind === 'aging' ? (
            <label>
              As of{' '}
              <input type="date" data-testid="report-as-of" value={asOf || aging?.as_of || ''} onChange={(e) => setAsOf(e.target.value)} />
            </label>
          ) : (
            <>
              <label>
                From{' '}
                <input type="date" data-testid="report-from" value={from || pnl?.from || ''} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label>
                To <input type="date" data-testid="report-to" value={to || pnl?.to || ''} onChange={(e) => setTo(e.target.value)} />
              </label>
              <label>
                By{' '}
                <select data-testid="report-by" value={by} onChange={(e) => setBy(e.target.value as PnlBy)}>
                  <option value="month">month</option>
                  <option value="quarter">quarter</option>
                </select>
              </label>
              <label>
                Basis{' '}
                <select data-testid="report-basis" value={basis} onChange={(e) => setBasis(e.target.value as 'accrual' | 'cash')}>
                  <option value="accrual">accrual</option>
                  <option value="cash">cash</option>
                </select>
              </label>
            </>
          )}
          <span className="report-files">
            <button type="button" data-testid="report-xlsx" disabled={busy !== null} onClick={() => void download('xlsx')}>
              {busy === 'xlsx' ? 'Preparing…' : 'XLSX'}
            </button>
            <button type="button" data-testid="report-pdf" disabled={busy !== null} onClick={() => void download('pdf')}>
              {busy === 'pdf' ? 'Preparing…' : 'PDF'}
            </button>
            <button type="button" data-testid="report-csv" disabled={busy !== null} onClick={() => void download('csv')}>
              CSV
            </button>
            <button type="button" data-testid="report-print" onClick={print}>
              Print
            </button>
          </span>
        </div>
        {error && (
          <p role="alert" className="error-inline">
            {error}
          </p>
        )}

        {kind === 'aging' && aging && (
          <table data-testid="aging-table">
            <caption>Owed on {aging.as_of} by days past due (company time zone)</caption>
            <thead>
              <tr>
                <th>Client</th>
                {aging.buckets.map((b) => (
                  <th key={b} className="num">
                    {BUCKET_LABELS[b]}
                  </th>
                ))}
                <th className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {aging.clients.map((c) => (
                <tr key={c.client_id} data-testid="aging-row" data-client={c.client_id}>
                  <td>{c.name}</td>
                  {[...aging.buckets, 'total' as const].map((b) => (
                    <td key={b} className="num">
                      {c[b] === 0 ? (
                        <span className="muted">{money(0)}</span>
                      ) : (
                        <MoneyLink
                          testId="aging-cell"
                          bucket={b}
                          value={c[b]}
                          text={money(c[b])}
                          onClick={() => setCell({ client: c.client_id, name: c.name, bucket: b })}
                        />
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="aging-totals">
                <th>Total</th>
                {[...aging.buckets, 'total' as const].map((b) => (
                  <th key={b} className="num" data-bucket={b} data-value={aging.totals[b]}>
                    {money(aging.totals[b])}
                  </th>
                ))}
              </tr>
            </tfoot>
          </table>
        )}

        {kind === 'pnl' && pnl && (
          <>
            <table data-testid="pnl-table">
              <caption>
                {pnl.from} to {pnl.to}, {pnl.basis} basis; a year earlier beside each period
              </caption>
              <thead>
                <tr>
                  <th>Period</th>
                  <th className="num">Revenue</th>
                  <th className="num">Expenses</th>
                  <th className="num">Net profit</th>
                  <th className="num">Revenue a year earlier</th>
                  <th className="num">Net a year earlier</th>
                </tr>
              </thead>
              <tbody>
                {pnl.periods.map((p) => (
                  <tr key={p.from} data-testid="pnl-row" data-from={p.from}>
                    <td>
                      {p.from} – {p.to}
                    </td>
                    <td className="num">
                      <MoneyLink testId="pnl-revenue" value={p.revenue} text={money(p.revenue)} onClick={() => pnlDrill(p, 'revenue')} />
                    </td>
                    <td className="num">
                      <MoneyLink
                        testId="pnl-expenses"
                        value={p.expenses}
                        text={money(p.expenses)}
                        onClick={() => pnlDrill(p, 'expenses')}
                      />
                    </td>
                    <td className="num" data-testid="pnl-net" data-value={p.net}>
                      {money(p.net)}
                    </td>
                    <td className="num">{money(p.previous_year.revenue)}</td>
                    <td className="num">{money(p.previous_year.net)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="pnl-totals">
                  <th>Total</th>
                  <th className="num" data-value={pnl.totals.revenue}>
                    {money(pnl.totals.revenue)}
                  </th>
                  <th className="num" data-value={pnl.totals.expenses}>
                    {money(pnl.totals.expenses)}
                  </th>
                  <th className="num" data-value={pnl.totals.net}>
                    {money(pnl.totals.net)}
                  </th>
                  <th className="num">{money(pnl.totals.previous_year.revenue)}</th>
                  <th className="num">{money(pnl.totals.previous_year.net)}</th>
                </tr>
              </tfoot>
            </table>
            <table data-testid="pnl-categories">
              <caption>Expenses by category</caption>
              <thead>
                <tr>
                  <th>Category</th>
                  {pnl.periods.map((p) => (
                    <th key={p.from} className="num">
                      {by === 'month' ? p.from.slice(0, 7) : `${p.from}…`}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(Object.keys(pnl.totals.expenses_by_category) as ExpenseCategory[])
                  .filter((c) => pnl.totals.expenses_by_category[c] !== 0)
                  .map((c) => (
                    <tr key={c}>
                      <td>{EXPENSE_CATEGORIES[c]}</td>
                      {pnl.periods.map((p) => (
                        <td key={p.from} className="num">
                          <MoneyLink
                            testId="pnl-category"
                            value={p.expenses_by_category[c]}
                            text={money(p.expenses_by_category[c])}
                            onClick={() => pnlDrill(p, 'expenses', c)}
                          />
                        </td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            </table>
          </>
        )}
      </div>
      {cell && aging && companyId !== null && (
        <AgingCellList company={companyId} asOf={aging.as_of} cell={cell} currency={currency} onClose={() => setCell(null)} />
      )}
      {drill && <DrillList target={drill} currency={currency} onClose={() => setDrill(null)} />}
    </section>
  );
}
