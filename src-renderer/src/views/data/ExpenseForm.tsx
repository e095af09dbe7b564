/** Create or edit an expense; amounts are typed as decimals and sent as minor units. */
import { useEffect, useState } from 'react';
import { CATEGORY_CODES, EXPENSE_CATEGORIES, type ExpenseCategory } from '../../../../src-engine/core/categories.js';
import { formatDecimal, minorDigits } from '../../../../src-engine/core/money.js';
import { LIMITS } from '../../../../src-engine/core/validate/limits.js';
import type { Expense } from '../../../../src-engine/core/domain.js';
import { formatMoney, parseMoneyInput } from '../../format/money.js';
import { todayInZone } from '../../format/ranges.js';
import { currentCompany, useSession } from '../../state/session.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

export function ExpenseForm({ editing, onSaved }: { editing: Expense | null; onSaved: (e: Expense) => void }) {
  const client = useSession((s) => s.client);
  const company = useSession(currentCompany);
  const currency = company?.currency ?? 'MYR';
  const [date, setDate] = useState(todayInZone(company?.time_zone ?? 'UTC'));
  const [category, setCategory] = useState<ExpenseCategory>('office_supplies');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [reimbursable, setReimbursable] = useState(false);
  const [msg, setMsg] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!editing) return;
    setDate(editing.date);
    setCategory(editing.category);
    setDescription(editing.description);
    setAmount(formatDecimal(editing.amount, minorDigits(currency)));
    setReimbursable(editing.reimbursable);
  }, [editing, currency]);

  const submit = async () => {
    if (!client || !company) return;
    const parsed = parseMoneyInput(amount, currency);
    if (!parsed.ok) return setMsg({ error: true, text: parsed.message });
    setBusy(true);
    try {
      const body = { date, category, description, amount: parsed.minor, reimbursable };
      const saved = editing ? await client.updateExpense(company.id, editing.id, body) : await client.createExpense(company.id, body);
      setMsg({
        error: false,
        text: `${editing ? 'Updated' : 'Saved'} ${EXPENSE_CATEGORIES[saved.category]} ${formatMoney(saved.amount, currency)} on ${saved.date}`,
      });
      if (!editing) {
        setAmount('');
        setDescription('');
      }
      onSaved(saved);
    } catch (e) {
      setMsg({ error: true, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card form"
      aria-labelledby="expense-title"
      data-testid="expense-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="expense-title">{editing ? `Edit expense #${editing.id}` : 'New expense'}</h2>
      <label>
        Date <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} data-testid="expense-date" />
      </label>
      <label>
        Category{' '}
        <select value={category} onChange={(e) => setCategory(e.target.value as ExpenseCategory)} data-testid="expense-category">
          {CATEGORY_CODES.map((c) => (
            <option key={c} value={c}>
              {EXPENSE_CATEGORIES[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Description{' '}
        <input
          value={description}
          maxLength={LIMITS.descriptionLength}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="expense-description"
        />
      </label>
      <label>
        Amount ({currency}){' '}
        <input inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="expense-amount" />
      </label>
      <label className="check">
        <input type="checkbox" checked={reimbursable} onChange={(e) => setReimbursable(e.target.checked)} /> Reimbursable
      </label>
      <button type="submit" disabled={busy} data-testid="expense-submit">
        {editing ? 'Save changes' : 'Add expense'}
      </button>
      {msg && (
        <p role={msg.error ? 'alert' : 'status'} className={msg.error ? 'error-inline' : 'ok-inline'} data-testid="expense-message">
          {msg.text}
        </p>
      )}
    </form>
  );
}
