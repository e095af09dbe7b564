/**
 * Past runs: p50/p99 per scenario across the runs of one target (charts never mix targets), and a side-by-side
 * comparison of two runs with a noise test — flagged when the runs measured different targets.
 */
import { useEffect, useMemo, useState } from 'react';
import type { BenchResult } from '../../../../src-engine/core/bench/types.js';
import { Chart } from '../../charts/Chart.js';
import { historyOption } from '../../charts/bench-options.js';
import { compareRuns } from '../../format/bench-report.js';
import { useBench } from '../../state/bench.js';
import { useSession } from '../../state/session.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

const CHART_RUNS = 12;

export function BenchHistory() {
  const client = useSession((s) => s.client);
  const history = useBench((b) => b.history);
  const setForm = useBench((b) => b.setForm);
  const [results, setResults] = useState<Record<number, BenchResult>>({});
  const [scenario, setScenario] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [pair, setPair] = useState<[number | null, number | null]>([null, null]);
  const [loadError, setLoadError] = useState<string | null>(null);

  // fetch the recent runs' full results once each (the chart and the comparison need their scenarios)
  useEffect(() => {
    if (!client) return;
    const missing = history.slice(0, CHART_RUNS).filter((r) => !results[r.id]);
    if (!missing.length) return;
    void Promise.allSettled(missing.map((r) => client.benchGet(r.id).then((x) => [r.id, x.result] as const))).then((all) => {
      const add: Record<number, BenchResult> = {};
      for (const a of all) if (a.status === 'fulfilled' && a.value[1]) add[a.value[0]] = a.value[1];
      // Only when something arrived: a new object re-runs this effect, which would refetch a failing run forever.
      if (Object.keys(add).length > 0) setResults((prev) => ({ ...prev, ...add }));
      // A run that could not be read is left out of the charts; say why rather than drop it silently.
      const failed = all.find((a) => a.status === 'rejected');
      setLoadError(failed ? `Some runs could not be read: ${errorMessage(failed.reason)}` : null);
    });
  }, [client, history, results]);

  // A suite written or uploaded in the panel is stored with its run: bring it back into the editor.
  // (The button shows for the recent runs whose results are loaded; a suite file's runs have no definition.)
  const loadSuite = (id: number) => {
    const definition = results[id]?.definition;
    if (definition) setForm({ mode: 'custom', customSuite: JSON.stringify(definition, null, 2) });
  };

  const targets = [...new Set(history.map((r) => r.target_label))];
  const chosenTarget = target !== null && targets.includes(target) ? target : (history[0]?.target_label ?? null);
  const runs = history
    .slice(0, CHART_RUNS)
    .filter((r) => results[r.id] && r.target_label === chosenTarget)
    .reverse();
  const scenarios = [...new Set(runs.flatMap((r) => results[r.id]!.scenarios.map((s) => s.name)))];
  const chosen = scenario ?? scenarios[0] ?? null;
  const option = useMemo(
    () =>
      chosen
        ? historyOption(
            chosen,
            runs.map((r) => {
              const s = results[r.id]!.scenarios.find((x) => x.name === chosen);
              return { label: `#${r.id}`, p50: s ? s.latency_ms.p50 : null, p99: s ? s.latency_ms.p99 : null };
            }),
          )
        : null,
    [chosen, runs, results],
  );
  const [a, b] = pair;
  const diff = a !== null && b !== null && results[a] && results[b] ? compareRuns(results[a], results[b]) : null;
  const mismatch =
    diff && a !== null && b !== null && results[a]!.target.label !== results[b]!.target.label
      ? `Run #${a} measured ${results[a]!.target.label}, run #${b} measured ${results[b]!.target.label}: not like for like.`
      : null;

  return (
    <section className="card wide" aria-labelledby="bench-history-title">
      <h2 id="bench-history-title">History</h2>
      {loadError && <p className="muted">{loadError}</p>}
      <table data-testid="bench-history">
        <thead>
          <tr>
            <th>Run</th>
            <th>Started</th>
            <th>Suite</th>
            <th>Target</th>
            <th>Verdict</th>
            <th>Compare</th>
          </tr>
        </thead>
        <tbody>
          {history.map((r) => (
            <tr key={r.id} data-testid="bench-history-row">
              <td>#{r.id}</td>
              <td title={r.started_at}>{new Date(r.started_at).toLocaleString()}</td>
              <td>
                {r.suite}
                {r.quick ? ' (quick)' : ''}
                {results[r.id]?.definition && (
                  <>
                    {' '}
                    <button
                      type="button"
                      data-testid="bench-history-load-suite"
                      title="Put this run's suite back in the editor to run it again"
                      onClick={() => loadSuite(r.id)}
                    >
                      Load suite
                    </button>
                  </>
                )}
              </td>
              <td>{r.target_label}</td>
              <td>{r.verdict}</td>
              <td>
                <label>
                  <input type="radio" name="cmp-a" checked={a === r.id} onChange={() => setPair([r.id, b])} /> A
                </label>{' '}
                <label>
                  <input type="radio" name="cmp-b" checked={b === r.id} onChange={() => setPair([a, r.id])} /> B
                </label>
              </td>
            </tr>
          ))}
          {history.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No runs yet
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {scenarios.length > 0 && (
        <>
          {targets.length > 1 && (
            <label>
              Target{' '}
              <select
                value={chosenTarget ?? ''}
                onChange={(e) => {
                  setTarget(e.target.value);
                  setScenario(null);
                }}
                data-testid="bench-history-target"
              >
                {targets.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
          )}{' '}
          <label>
            Scenario{' '}
            <select value={chosen ?? ''} onChange={(e) => setScenario(e.target.value)}>
              {scenarios.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          {option && (
            <Chart option={option} label={`p50 and p99 latency of ${chosen} across runs`} height={220} testId="bench-history-chart" />
          )}
        </>
      )}
      {diff && (
        <table data-testid="bench-compare">
          <caption>
            Run #{a} vs run #{b}: mean latency (ms)
            {mismatch && (
              <span className="error-inline" data-testid="bench-compare-mismatch">
                {' '}
                — {mismatch}
              </span>
            )}
          </caption>
          <thead>
            <tr>
              <th>Scenario</th>
              <th className="num">A</th>
              <th className="num">B</th>
              <th className="num">B − A</th>
              <th>Beyond noise?</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((d) => (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td className="num">{d.a?.toFixed(1) ?? '—'}</td>
                <td className="num">{d.b?.toFixed(1) ?? '—'}</td>
                <td className="num">{d.delta === null ? '—' : (d.delta > 0 ? '+' : '') + d.delta.toFixed(1)}</td>
                <td>{d.delta === null ? '—' : d.significant ? (d.delta > 0 ? 'slower' : 'faster') : 'within noise'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
