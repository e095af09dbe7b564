/** The invoices behind one aging cell (a client's bucket, or its total), with their sum: it equals the cell. */
import { useEffect, useState } from 'react';
import type { AgingInvoice } from '../../../../src-engine/core/reports/types.js';
import { formatMoney } from '../../format/money.js';
import { useSession } from '../../state/session.js';
import type { AgingCell } from './ReportsView.js';
import { DrillFrame } from '../DrillFrame.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

export function AgingCellList({
  company,
  asOf,
  cell,
  currency,
  onClose,
}: {
  company: number;
  asOf: string;
  cell: AgingCell;
  currency: string;
  onClose: () => void;
}) {
  const client = useSession((s) => s.client);
  const [rows, setRows] = useState<AgingInvoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!client) return;
    setRows(null);
    client.aging({ company, as_of: asOf, client: cell.client }).then(
      (r) => setRows((r.clients[0]?.invoices ?? []).filter((i) => cell.bucket === 'total' || i.bucket === cell.bucket)),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [client, company, asOf, cell]);
  const sum = rows?.reduce((s, i) => s + i.total, 0) ?? 0;
  return (
    <DrillFrame
      id="aging-cell-title"
      testId="aging-cell-list"
      title={`${cell.name}: ${cell.bucket === 'total' ? 'all owed' : cell.bucket.replace('_', '–').replace('over–90', 'over 90')} on ${asOf}`}
      error={error}
      loading={!rows}
      onClose={onClose}
    >
      {rows && (
        <table>
          <thead>
            <tr>
              <th>Invoice</th>
              <th>Issued</th>
              <th>Due</th>
              <th className="num">Days past due</th>
              <th className="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.invoice_id}>
                <td>{i.number}</td>
                <td>{i.issue_date}</td>
                <td>{i.due_date}</td>
                <td className="num">{i.days_past_due}</td>
                <td className="num">{formatMoney(i.total, currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={4}>{rows.length} invoices</th>
              <th className="num" data-testid="aging-cell-sum" data-value={sum}>
                {formatMoney(sum, currency)}
              </th>
            </tr>
          </tfoot>
        </table>
      )}
    </DrillFrame>
  );
}
