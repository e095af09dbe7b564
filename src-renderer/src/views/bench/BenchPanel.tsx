/** The benchmark panel: form, live progress and latency while running, results, history. */
import { useEffect, useMemo } from 'react';
import type { ProgressEvent } from '../../../../src-engine/core/bench/types.js';
import { Chart } from '../../charts/Chart.js';
import { liveLatencyOption } from '../../charts/bench-options.js';
import { useBench } from '../../state/bench.js';
import { useLiveEvents } from '../../state/live-events.js';
import { useSession } from '../../state/session.js';
import { BenchForm } from './BenchForm.js';
import { BenchHistory } from './BenchHistory.js';
import { BenchResults } from './BenchResults.js';

const POLL_MS = 400;

export function BenchPanel() {
  const client = useSession((s) => s.client);
  const { runId, running, progress, points, result, error, loadHistory, finish, onProgress } = useBench();

  useEffect(() => { if (client) void loadHistory(client); }, [client, loadHistory]);
  useEffect(() => useLiveEvents.getState().on((event, data) => {
    if (event === 'bench-progress' && data) onProgress(data as ProgressEvent);
  }), [onProgress]);

  // The run's end is read from its status (progress events may be missed on a reconnect).
  useEffect(() => {
    if (!client || runId === null || !running) return;
    let stop = false;
    const tick = async () => {
      try {
        const r = await client.benchGet(runId);
        if (stop) return;
        if (r.result && r.status !== 'running') {
          finish(r.result);
          void loadHistory(client);
          return;
        }
        if (r.status === 'failed') return finish(null, 'The run failed; see the service log');
      } catch (e) {
        if (!stop) return finish(null, e instanceof Error ? e.message : String(e));
      }
      if (!stop) setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => { stop = true; };
  }, [client, runId, running, finish, loadHistory]);

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
              <li key={p.scenario}>
                <span>{p.scenario}</span> <span className="muted">{p.phase}</span>{' '}
                <progress max={1} value={p.phase === 'done' || p.phase === 'skipped' ? 1 : Math.min(0.99, p.elapsed_ms / Math.max(1, useBench.getState().form.durationS * 1000))}
                  aria-label={`${p.scenario} progress`} />
                <span className="muted"> {p.requests} req, {p.errors} errors</span>
              </li>
            ))}
          </ul>
          {running && Object.keys(points).length > 0 && <Chart option={liveOpt} label="Live latency (p50 and p99) per running scenario" height={200} testId="bench-live-chart" />}
        </section>
      </div>
      {error && <p role="alert" className="error-block" data-testid="bench-error">{error}</p>}
      {result && <BenchResults result={result} />}
      <BenchHistory />
    </div>
  );
}
