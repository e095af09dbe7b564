/** The live score (0–100) and the alerts pushed by the service. */
import type { RealtimeResult, LiveAlert } from '../../../../src-engine/dashboard/types.js';

export function LivePanel({ realtime, alerts }: { realtime: RealtimeResult | undefined; alerts: LiveAlert[] }) {
  const score = realtime?.score;
  return (
    <section className="card live" aria-labelledby="live-title">
      <h2 id="live-title">Today</h2>
      <div className="score" data-testid="live-score" data-value={score ?? ''}>
        <meter min={0} max={100} low={50} high={80} optimum={100} value={score ?? 0} aria-label="Performance score" />
        <span className="score-number">{score === undefined ? '—' : Math.round(score)}</span><span className="muted">/100</span>
      </div>
      <ul className="alerts" aria-live="polite" data-testid="alerts">
        {alerts.length === 0 && <li className="muted">No alerts</li>}
        {alerts.map((a) => (
          <li key={a.id} className={`alert alert-${a.level}`}><strong>{a.level}</strong> {a.message}</li>
        ))}
      </ul>
    </section>
  );
}
