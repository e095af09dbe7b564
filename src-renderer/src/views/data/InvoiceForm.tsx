/** Create or edit an invoice with one line (enough for the desk; multi-line editing lives in the full editor later). */
import { useEffect, useState } from 'react';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../../../src-engine/core/categories.js';
import { addDays } from '../../../../src-engine/core/dates.js';
import { formatDecimal, minorDigits } from '../../../../src-engine/core/money.js';
import type { Client, Invoice } from '../../../../src-engine/core/domain.js';
import { formatMoney, parseMoneyInput } from '../../format/money.js';
import { todayInZone } from '../../format/ranges.js';
import { currentCompany, useSession } from '../../state/session.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

export function InvoiceForm({ editing, onSaved }: { editing: Invoice | null; onSaved: (i: Invoice) => void }) {
  const client = useSession((s) => s.client);
  const company = useSession(currentCompany);
  const currency = company?.currency ?? 'MYR';
  const today = todayInZone(company?.time_zone ?? 'UTC');
  const [clients, setClients] = useState<Client[]>([]);
  const [clientId, setClientId] = useState<number | null>(null);
  const [status, setStatus] = useState<InvoiceStatus>('sent');
  const [issue, setIssue] = useState(today);
  const [due, setDue] = useState(addDays(today, 30));
  const [taxPct, setTaxPct] = useState('0');
  const [desc, setDesc] = useState('Services');
  const [qty, setQty] = useState('1');
  const [price, setPrice] = useState('');
  const [msg, setMsg] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!client || !company) return;
    client.listClients({ company: company.id, page: 1, page_size: 100 }).then(
      (r) => {
        setClients(r.items);
        setClientId((c) => c ?? r.items[0]?.id ?? null);
      },
      (e: unknown) => setMsg({ error: true, text: `Clients unavailable: ${errorMessage(e)}` }),
    );
  }, [client, company]);

  useEffect(() => {
    if (!editing) return;
    setClientId(editing.client_id);
    setStatus(editing.status);
    setIssue(editing.issue_date);
    setDue(editing.due_date);
    setTaxPct(String(editing.tax_rate_bp / 100));
    const l = editing.lines[0];
    if (l) {
      setDesc(l.description);
      setQty(String(l.quantity));
      setPrice(formatDecimal(l.unit_price, minorDigits(currency)));
    }
  }, [editing, currency]);

  const submit = async () => {
    if (!client || !company) return;
    if (clientId === null) return setMsg({ error: true, text: 'Choose a client first' });
    const p = parseMoneyInput(price, currency);
    if (!p.ok) return setMsg({ error: true, text: `Unit price: ${p.message}` });
    const tax = Number(taxPct);
    if (!Number.isFinite(tax) || tax < 0 || tax > 100)
      return setMsg({ error: true, text: 'Tax rate must be a percentage between 0 and 100' });
    const body = {
      client_id: clientId,
      status,
      issue_date: issue,
      due_date: due,
      tax_rate_bp: Math.round(tax * 100),
      lines: [{ description: desc, quantity: qty, unit_price: p.minor }],
    };
    try {
      const saved = editing ? await client.updateInvoice(company.id, editing.id, body) : await client.createInvoice(company.id, body);
      setMsg({ error: false, text: `${saved.number} saved: ${formatMoney(saved.total, currency)}` });
      onSaved(saved);
    } catch (e) {
      setMsg({ error: true, text: errorMessage(e) });
    }
  };

  return (
    <form
      className="card form"
      aria-labelledby="invoice-title"
      data-testid="invoice-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="invoice-title">{editing ? `Edit ${editing.number}` : 'New invoice'}</h2>
      <label>
        Client{' '}
        <select value={clientId ?? ''} onChange={(e) => setClientId(Number(e.target.value))} data-testid="invoice-client">
          {clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value as InvoiceStatus)}>
          {INVOICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Issued <input type="date" value={issue} onChange={(e) => setIssue(e.target.value)} />
      </label>
      <label>
        Due <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <label>
        Tax % <input inputMode="decimal" value={taxPct} onChange={(e) => setTaxPct(e.target.value)} />
      </label>
      <label>
        Line <input value={desc} onChange={(e) => setDesc(e.target.value)} />
      </label>
      <label>
        Quantity <input inputMode="decimal" value={qty} onChange={(e) => setQty(e.target.value)} />
      </label>
      <label>
        Unit price ({currency}){' '}
        <input inputMode="decimal" required value={price} onChange={(e) => setPrice(e.target.value)} data-testid="invoice-price" />
      </label>
      <button type="submit" data-testid="invoice-submit">
        {editing ? 'Save changes' : 'Create invoice'}
      </button>
      {msg && (
        <p role={msg.error ? 'alert' : 'status'} className={msg.error ? 'error-inline' : 'ok-inline'} data-testid="invoice-message">
          {msg.text}
        </p>
      )}
    </form>
  );
}
