/** Results in the seed's table style with the reason behind each grade, the verdict, recommendations, histograms, exports. */
import { useMemo, useState } from 'react';
import type { BenchResult } from '../../../../src-engine/core/bench/types.js';
import { Chart } from '../../charts/Chart.js';
import { histogramOption } from '../../charts/bench-options.js';
import { resultToCsv, resultToMarkdown } from '../../format/bench-report.js';
import { BenchLoad } from './BenchLoad.js';

function save(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const f1 = (x: number) => x.toFixed(1);

export function BenchResults({ result }: { result: BenchResult }) {
  const [histFor, setHistFor] = useState<string | null>(result.scenarios[0]?.name ?? null);
  const hist = result.scenarios.find((s) => s.name === histFor);
  const histOpt = useMemo(() => (hist ? histogramOption(hist.buckets) : null), [hist]);
  const stamp = result.started_at.replace(/[:.]/g, '-');
  return (
    <section className="card wide" aria-labelledby="bench-results-title" data-testid="bench-results">
      <div className="card-head">
        <h2 id="bench-results-title">
          Results: {result.suite} on {result.target.label}
        </h2>
        <div className="buttons">
          <button
            type="button"
            className="link"
            onClick={() => save(`kira-bench-${stamp}.json`, JSON.stringify(result, null, 2), 'application/json')}
          >
            JSON
          </button>
          <button type="button" className="link" onClick={() => save(`kira-bench-${stamp}.md`, resultToMarkdown(result), 'text/markdown')}>
            Markdown
          </button>
          <button type="button" className="link" onClick={() => save(`kira-bench-${stamp}.csv`, resultToCsv(result), 'text/csv')}>
            CSV
          </button>
        </div>
      </div>
      <p className={`verdict verdict-${result.verdict.replace(' ', '-').toLowerCase()}`} data-testid="bench-verdict">
        Verdict: <strong>{result.verdict}</strong> ({result.verdict_detail.fast}/{result.verdict_detail.graded} endpoints under 200 ms)
        {result.aborted && ' — cancelled, partial results'}
      </p>
      {result.pass !== undefined && (
        <p className={result.pass ? 'ok-inline' : 'error-inline'} data-testid="bench-run-status">
          Run: <strong>{result.pass ? 'PASS' : 'FAIL'}</strong>
          {result.saturated && ' — saturated: the load asked for could not be sent, figures describe a lighter load'}
        </p>
      )}
      {(result.gates ?? []).some((g) => !g.pass) || result.scenarios.some((s) => s.slo) ? (
        <ul className="targets" data-testid="bench-gates">
          {(result.gates ?? [])
            .filter((g) => !g.pass)
            .map((g, i) => (
              <li key={`g${i}`} className="error-inline">
                FAIL {g.scenario ?? 'run'}: {g.actual}, needs {g.expected}
              </li>
            ))}
          {result.scenarios
            .filter((s) => s.slo)
            .map((s) => (
              <li key={`s${s.name}`} className={s.slo?.pass ? 'ok-inline' : 'error-inline'}>
                SLO {s.name}: {s.slo?.pass ? 'PASS' : 'FAIL'}
                {s.slo?.apdex !== null && s.slo?.apdex !== undefined ? `, Apdex ${s.slo.apdex}` : ''}
                {s.slo?.lines
                  .filter((l) => !l.pass)
                  .map((l) => ` · ${l.limit} ${l.actual} (SLO ${l.expected})`)
                  .join('')}
              </li>
            ))}
        </ul>
      ) : null}
      <div className="table-scroll">
        <table data-testid="bench-table">
          <caption className="sr-only">Latency per scenario in milliseconds</caption>
          <thead>
            <tr>
              <th>Endpoint</th>
              <th className="num">Avg</th>
              <th className="num">P50</th>
              <th className="num">P95</th>
              <th className="num">P99</th>
              <th className="num">Std dev</th>
              <th className="num">Req/s</th>
              <th className="num">Success</th>
              <th>Grade</th>
              <th>Why</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {result.scenarios.map((s) => (
              <tr key={s.name} data-testid="bench-row" data-scenario={s.name}>
                <td>
                  <code>{s.name}</code>
                  {s.status !== 'ok' && (
                    <span className="muted">
                      {' '}
                      ({s.status}
                      {s.skip_reason ? `: ${s.skip_reason}` : ''})
                    </span>
                  )}
                </td>
                <td className="num">{f1(s.latency_ms.mean)}</td>
                <td className="num">{f1(s.latency_ms.p50)}</td>
                <td className="num">{f1(s.latency_ms.p95)}</td>
                <td className="num">{f1(s.latency_ms.p99)}</td>
                <td className="num">{f1(s.latency_ms.stddev)}</td>
                <td className="num">{f1(s.throughput)}</td>
                <td className="num">{s.success_rate.toFixed(1)}%</td>
                <td>
                  <span className={`grade grade-${(s.grade ?? 'none').replace('+', 'plus')}`} data-testid="bench-grade">
                    {s.grade ?? '—'}
                  </span>
                </td>
                <td className="reasons">{s.grade_reasons.join('; ')}</td>
                <td>
                  <button type="button" className="link" aria-pressed={histFor === s.name} onClick={() => setHistFor(s.name)}>
                    Histogram
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.targets.length > 0 && (
        <ul className="targets">
          {result.targets.map((t, i) => (
            <li key={i} className={t.pass ? 'ok-inline' : 'error-inline'}>
              {t.pass ? 'PASS' : 'FAIL'} {t.scenario}: {t.target} (limit {t.limit}, actual {f1(t.actual)})
            </li>
          ))}
        </ul>
      )}
      <BenchLoad result={result} />
      <h3>Recommendations</h3>
      <ul data-testid="bench-recommendations">
        {result.recommendations.length ? result.recommendations.map((r, i) => <li key={i}>{r}</li>) : <li>None: every target met.</li>}
      </ul>
      {histOpt && hist && (
        <>
          <h3>Latency histogram: {hist.name}</h3>
          <Chart option={histOpt} label={`Histogram of request latencies for ${hist.name}`} height={200} testId="bench-histogram" />
        </>
      )}
    </section>
  );
}
