/** Rebuild every rollup from the raw rows (the heavy path), showing the engine's progress events. */
import { useEffect, useState } from 'react';
import { useLiveEvents } from '../../state/live-events.js';
import { useSession } from '../../state/session.js';
import { refreshDashboard } from '../dashboard/use-live.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

export function RecalculatePanel() {
  const client = useSession((s) => s.client);
  const company = useSession((s) => s.companyId);
  const [state, setState] = useState<{ running: boolean; fraction: number | null; text: string | null; error: boolean }>({
    running: false,
    fraction: null,
    text: null,
    error: false,
  });

  useEffect(
    () =>
      useLiveEvents.getState().on((event, data) => {
        if (event !== 'recalculate-progress') return;
        // Which phase, how many of how many (RecalculationProgress in the contract).
        const fraction = data.total > 0 ? data.done / data.total : null;
        setState((s) => (s.running ? { ...s, fraction } : s));
      }),
    [],
  );

  const run = async () => {
    if (!client || company === null) return;
    setState({ running: true, fraction: null, text: 'Rebuilding rollups…', error: false });
    try {
      const r = await client.recalculate(company);
      setState({ running: false, fraction: 1, text: `Recalculated in ${Math.round(r.duration_ms)} ms; figures verified.`, error: false });
      refreshDashboard();
    } catch (e) {
      setState({ running: false, fraction: null, text: errorMessage(e), error: true });
    }
  };

  return (
    <section className="card" aria-labelledby="recalc-title">
      <h2 id="recalc-title">Recalculate</h2>
      <p className="muted">Rebuilds every summary from the raw entries and checks them. Figures stay usable meanwhile.</p>
      <button type="button" onClick={() => void run()} disabled={state.running} data-testid="recalc-run">
        Recalculate now
      </button>
      {state.running && (
        <progress aria-label="Recalculation progress" {...(state.fraction !== null ? { value: state.fraction, max: 1 } : {})} />
      )}
      {state.text && (
        <p role={state.error ? 'alert' : 'status'} data-testid="recalc-status">
          {state.text}
        </p>
      )}
    </section>
  );
}
