/** The live score (0–100) and the alerts pushed by the service. */
import type { LiveAlert } from '../../../../src-engine/core/live/types.js';
import type { RealtimeResult } from '../../../../src-engine/core/views/types.js';

export function LivePanel({ realtime, alerts }: { realtime: RealtimeResult | undefined; alerts: LiveAlert[] }) {
  const score = realtime?.score;
  return (
    <section className="card live" aria-labelledby="live-title">
      <h2 id="live-title">Today</h2>
      {/* Coloured by score_level, never by the number alone: a critical alert turns it red (core/live/score-level.ts). */}
      <div
        className={`score score-${realtime?.score_level ?? 'none'}`}
        data-testid="live-score"
        data-value={score ?? ''}
        data-level={realtime?.score_level ?? ''}
      >
        <div
          className="score-bar"
          role="meter"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={score ?? 0}
          aria-label="Performance score"
        >
          <span style={{ width: `${Math.max(0, Math.min(100, score ?? 0))}%` }} />
        </div>
        <span className="score-number">{score === undefined ? '—' : Math.round(score)}</span>
        <span className="muted">/100</span>
      </div>
      <ul className="alerts" aria-live="polite" data-testid="alerts">
        {alerts.length === 0 && <li className="muted">No alerts</li>}
        {alerts.map((a) => (
          <li key={a.id} className={`alert alert-${a.level}`}>
            <strong>{a.level}</strong> {a.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
