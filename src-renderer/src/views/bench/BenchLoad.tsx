/**
 * What the load generator did, per scenario: the open model's target vs achieved rate and dropped requests,
 * a scripted scenario's iterations, a saturated mark naming the limit, and the generator threads. Without
 * these a lighter load than asked for would read like the server's answer to the load asked for.
 */
import { useMemo } from 'react';
import type { BenchResult } from '../../../../src-engine/core/bench/types.js';
import { loadViews, type LoadLimit } from '../../format/bench-load.js';

const LIMIT_LABEL: Record<LoadLimit, string> = {
  server: 'the server',
  generator: 'the load generator',
  connections: 'the connections',
  users: 'the virtual users',
};

export function BenchLoad({ result }: { result: BenchResult }) {
  const views = useMemo(() => loadViews(result), [result]);
  if (views.length === 0) return null;
  return (
    <>
      <h3>Load generated</h3>
      <ul className="targets" data-testid="bench-load">
        {views.map((v) => (
          <li key={v.scenario} data-testid="bench-load-row" data-scenario={v.scenario}>
            <code>{v.scenario}</code>
            {v.rate && (
              <p className={v.saturation ? 'error-inline' : 'ok-inline'} data-testid="bench-rate">
                Rate: target {v.rate.target} {v.rate.unit}, achieved {v.rate.achieved} ({v.rate.share}), dropped {v.rate.dropped}
              </p>
            )}
            {v.saturation && (
              <p className="error-inline" data-testid="bench-saturated" data-limit={v.saturation.limit}>
                <strong>Saturated</strong>, limit: {LIMIT_LABEL[v.saturation.limit]}. <span className="reasons">{v.saturation.text}</span>
              </p>
            )}
            {v.iterations && <p data-testid="bench-iterations">Iterations: {v.iterations}</p>}
            {v.generators && (
              <div data-testid="bench-generators">
                <p>
                  Generators: <strong>{v.generators.threads}</strong>, {v.generators.chosen}{' '}
                  <span className="muted">({v.generators.reason})</span>; event-loop lag p99 ≤ {v.generators.lag}; CPU{' '}
                  {v.generators.cpu ?? <span className="muted">not measured (a worker thread outside Linux)</span>}
                </p>
                {v.generators.calibration && <p className="muted">Calibration: {v.generators.calibration}</p>}
                <ul className="bench-progress">
                  {v.generators.per_thread.map((t, i) => (
                    <li key={i} className="score">
                      <meter min={0} max={1} low={0.7} high={0.9} optimum={0} value={t.busy} aria-label={t.label} />
                      <span className="muted">{t.label}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
