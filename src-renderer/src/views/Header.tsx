/** Company switcher, date range (presets + custom), accrual/cash toggle and the view tabs. */
import { useState } from 'react';
import { PRESETS, PRESET_LABELS, checkCustomRange, type Preset } from '../format/ranges.js';
import { useSession, type ViewId } from '../state/session.js';
import { useDashboard } from '../state/dashboard.js';

const VIEWS: { id: ViewId; label: string }[] = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'clients', label: 'Clients' },
  { id: 'reports', label: 'Reports' },
  { id: 'data', label: 'Data' },
  { id: 'bench', label: 'Benchmark' },
];

export function Header() {
  const s = useSession();
  const live = useDashboard((d) => d.live);
  const [from, setFrom] = useState(s.range.from);
  const [to, setTo] = useState(s.range.to);
  const [rangeError, setRangeError] = useState<string | null>(null);

  const onPreset = (p: Preset) => {
    setRangeError(null);
    if (p === 'custom') {
      s.setCustomRange(s.range);
      setFrom(s.range.from);
      setTo(s.range.to);
    } else s.selectPreset(p);
  };
  const applyCustom = () => {
    const r = checkCustomRange(from, to);
    if (!r.ok) return setRangeError(r.message);
    setRangeError(null);
    s.setCustomRange(r.range);
  };

  return (
    <header className="topbar">
      <div className="brand">Kira</div>
      <nav aria-label="Views" className="tabs">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            aria-current={s.view === v.id ? 'page' : undefined}
            data-testid={`nav-${v.id}`}
            onClick={() => s.setView(v.id)}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <div className="controls">
        <label>
          <span className="sr-only">Company</span>
          <select
            data-testid="company-select"
            aria-label="Company"
            value={s.companyId ?? ''}
            onChange={(e) => s.selectCompany(Number(e.target.value))}
          >
            {s.companies.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.currency})
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Date range</span>
          <select data-testid="range-select" aria-label="Date range" value={s.preset} onChange={(e) => onPreset(e.target.value as Preset)}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {PRESET_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        {s.preset === 'custom' && (
          <form
            className="custom-range"
            onSubmit={(e) => {
              e.preventDefault();
              applyCustom();
            }}
          >
            <input aria-label="From date" data-testid="range-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            <input aria-label="To date" data-testid="range-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            <button type="submit">Apply</button>
          </form>
        )}
        <fieldset className="segmented" aria-label="Revenue basis">
          {(['accrual', 'cash'] as const).map((b) => (
            <label key={b}>
              <input
                type="radio"
                name="basis"
                value={b}
                checked={s.basis === b}
                data-testid={`basis-${b}`}
                onChange={() => s.setBasis(b)}
              />
              {b === 'accrual' ? 'Accrual' : 'Cash'}
            </label>
          ))}
        </fieldset>
        <span className={`live-dot live-${live}`} role="status" aria-label={`Live updates: ${live}`} title={`Live updates: ${live}`} />
      </div>
      {rangeError && (
        <p role="alert" className="error-inline">
          {rangeError}
        </p>
      )}
      <p className="range-text" data-testid="range-text">
        {s.range.from} – {s.range.to}
      </p>
    </header>
  );
}
