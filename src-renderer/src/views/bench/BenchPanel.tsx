/** The benchmark panel: form, live progress and latency while running, results, history. */
import { useEffect, useMemo } from 'react';
import { Chart } from '../../charts/Chart.js';
import { liveLatencyOption } from '../../charts/bench-options.js';
import { useBench, type ScenarioProgress } from '../../state/bench.js';
import { useLiveEvents } from '../../state/live-events.js';
import { useSession } from '../../state/session.js';
import { BenchForm } from './BenchForm.js';
import { BenchHistory } from './BenchHistory.js';
import { BenchResults } from './BenchResults.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

/** Fallback when live events cannot arrive (stream reconnecting): the run's status is read this often. */
const FALLBACK_POLL_MS = 2000;

function fraction(p: ScenarioProgress): number {
  if (p.phase === 'done' || p.phase === 'skipped') return 1;
  if (p.phase === 'warmup' || !p.planned_ms) return 0;
  return Math.min(0.99, p.elapsed_ms / p.planned_ms);
}

export function BenchPanel() {
  const client = useSession((s) => s.client);
  const { runId, running, ended, progress, points, result, error, loadHistory, apply, onLive } = useBench();

  useEffect(() => {
    if (client) void loadHistory(client);
  }, [client, loadHistory]);
  useEffect(
    () =>
      useLiveEvents.getState().on((event, data) => {
        if (event === 'bench-progress') onLive(data);
      }),
    [onLive],
  );

  // The run's end comes as a live event (`ended` changes) and is read from its status; a slow poll covers
  // an event lost while the stream reconnected.
  useEffect(() => {
    if (!client || runId === null || !running) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      try {
        const view = await client.benchGet(runId);
        if (stop) return;
        apply(view);
        if (view.status !== 'running') {
          void loadHistory(client);
          return;
        }
      } catch (e) {
        if (!stop) return useBench.getState().finish(null, errorMessage(e));
      }
      if (!stop) timer = setTimeout(() => void check(), FALLBACK_POLL_MS);
    };
    void check();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [client, runId, running, ended, apply, loadHistory]);

  const liveOpt = useMemo(() => liveLatencyOption(points), [points]);
  const steps = Object.values(progress);

  return (
    <div className="bench">
      <h1 className="sr-only">Benchmark</h1>
      <div className="grid">
        <BenchForm />
        <section className="card" aria-labelledby="bench-progress-title">
          <h2 id="bench-progress-title">Progress</h2>
          {!running && steps.length === 0 && <p className="muted">Not running.</p>}
          {running && steps.length === 0 && <p aria-busy="true">Starting…</p>}
          <ul className="bench-progress" data-testid="bench-progress">
            {steps.map((p) => (
              <li key={p.scenario} data-testid="bench-progress-row" data-phase={p.phase}>
                <span>{p.scenario}</span> <span className="muted">{p.phase}</span>{' '}
                <progress max={1} value={fraction(p)} aria-label={`${p.scenario} progress`} />
                <span className="muted">
                  {' '}
                  {p.requests} req, {p.errors} errors
                </span>
              </li>
            ))}
          </ul>
          {Object.keys(points).length > 0 && (
            <Chart option={liveOpt} label="Live latency (p50 and p99) per scenario" height={200} testId="bench-live-chart" />
          )}
        </section>
      </div>
      {error && (
        <p role="alert" className="error-block" data-testid="bench-error">
          {error}
        </p>
      )}
      {result && <BenchResults result={result} />}
      <BenchHistory />
    </div>
  );
}
