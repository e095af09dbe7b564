/**
 * A self-contained HTML report (`kira bench --html FILE`): the table, gates and recommendations, and per
 * scenario two inline SVG charts — p50/p99 over the run's timeline and the latency histogram. No scripts, no
 * fonts, no network: it opens the same from a CI artifact, a mail attachment or a closed network.
 */
import { scenarioFailures } from './ci-formats.js';
import { fmtMs } from './table.js';
import type { BenchResult, ScenarioResult } from './types.js';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const W = 420;
const H = 140;
const PAD = 30;

function polyline(points: [number, number][], colour: string): string {
  return `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`;
}

function timelineSvg(s: ScenarioResult): string {
  const pts = (s.timeline ?? []).filter((p) => p.p50 !== null || p.p99 !== null);
  if (pts.length === 0) return '<p class="muted">No timeline (no successful requests).</p>';
  const tMax = Math.max(...pts.map((p) => p.t + p.ms / 1000), 1);
  const yMax = Math.max(...pts.map((p) => p.p99 ?? p.p50 ?? 0), 0.001);
  const x = (t: number) => PAD + (t / tMax) * (W - 2 * PAD);
  const y = (v: number) => H - PAD + 10 - (v / yMax) * (H - PAD - 10);
  const line = (k: 'p50' | 'p99') =>
    pts.filter((p) => p[k] !== null).map((p): [number, number] => [x(p.t + p.ms / 2000), y(p[k] as number)]);
  return `<svg role="img" aria-label="p50 and p99 over time for ${esc(s.name)}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<line x1="${PAD}" y1="${H - PAD + 10}" x2="${W - PAD}" y2="${H - PAD + 10}" stroke="#999"/><line x1="${PAD}" y1="10" x2="${PAD}" y2="${H - PAD + 10}" stroke="#999"/>
<text x="${PAD}" y="${H - 4}" font-size="10">0 s</text><text x="${W - PAD}" y="${H - 4}" font-size="10" text-anchor="end">${tMax.toFixed(1)} s</text>
<text x="2" y="14" font-size="10">${fmtMs(yMax)}</text>
${polyline(line('p99'), '#c0392b')}${polyline(line('p50'), '#2471a3')}
<text x="${W - PAD}" y="14" font-size="10" text-anchor="end" fill="#2471a3">p50</text><text x="${W - PAD - 30}" y="14" font-size="10" text-anchor="end" fill="#c0392b">p99</text>
</svg>`;
}

function histogramSvg(s: ScenarioResult): string {
  const b = s.buckets;
  if (b.length === 0) return '';
  const max = Math.max(...b.map((x) => x.count), 1);
  const bw = (W - 2 * PAD) / b.length;
  const bars = b
    .map((x, i) => {
      const h = (x.count / max) * (H - PAD - 10);
      return `<rect x="${(PAD + i * bw).toFixed(1)}" y="${(H - PAD + 10 - h).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#5d6d7e"><title>${fmtMs(x.from_ms)}–${fmtMs(x.to_ms)}: ${x.count}</title></rect>`;
    })
    .join('');
  return `<svg role="img" aria-label="latency histogram for ${esc(s.name)}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${bars}
<text x="${PAD}" y="${H - 4}" font-size="10">${fmtMs(b[0]?.from_ms ?? 0)}</text><text x="${W - PAD}" y="${H - 4}" font-size="10" text-anchor="end">${fmtMs(b[b.length - 1]?.to_ms ?? 0)}</text></svg>`;
}

export function renderHtml(r: BenchResult): string {
  const rows = r.scenarios
    .map((s) => {
      const L = s.latency_ms;
      const failed = scenarioFailures(r, s);
      const cls = s.status === 'skipped' ? 'skip' : failed.length > 0 ? 'fail' : 'pass';
      return `<tr class="${cls}"><td><code>${esc(s.name)}</code></td><td>${esc(s.model)}</td><td>${s.requests}</td><td>${s.success_rate}%</td><td>${fmtMs(L.mean)}</td><td>${fmtMs(L.p50)}</td><td>${fmtMs(L.p99)}</td><td>${s.throughput}</td><td>${esc(s.grade ?? '—')}</td><td>${esc(failed.join('; ') || (s.status === 'skipped' ? (s.skip_reason ?? 'skipped') : 'ok'))}</td></tr>`;
    })
    .join('\n');
  const charts = r.scenarios
    .filter((s) => s.status !== 'skipped')
    .map(
      (s) =>
        `<section class="scenario" data-scenario="${esc(s.name)}"><h3><code>${esc(s.name)}</code> ${esc(s.method)} ${esc(s.path)}</h3><div class="charts">${timelineSvg(s)}${histogramSvg(s)}</div></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>kira bench ${esc(r.suite)} — ${esc(r.target.label)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child,td:last-child,th:last-child{text-align:left}tr.fail td{background:#fdecea}tr.skip td{color:#888}.muted{color:#888}
.charts{display:flex;gap:1em;flex-wrap:wrap}.status-pass{color:#1e8449}.status-fail{color:#c0392b}
</style></head><body>
<h1>kira bench — ${esc(r.suite)}</h1>
<p>Target ${esc(r.target.label)} · ${esc(r.started_at)} → ${esc(r.finished_at)}${r.quick ? ' · quick' : ''} · verdict ${esc(r.verdict)} ·
<strong id="run-status" class="status-${r.pass === false ? 'fail' : 'pass'}">${r.pass === false ? 'FAIL' : 'PASS'}</strong>${r.saturated ? ' · <strong>saturated</strong>' : ''}</p>
<table id="scenarios"><thead><tr><th>Scenario</th><th>Model</th><th>Requests</th><th>Success</th><th>Mean</th><th>P50</th><th>P99</th><th>Req/s</th><th>Grade</th><th>Checks</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Recommendations</h2><ul>${r.recommendations.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
<h2>Scenarios</h2>
${charts}
<h2>Method</h2><ul>${r.method.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>
<p class="muted">${esc(r.environment.cpu_model)}, ${r.environment.cores} cores · Node ${esc(r.environment.node)} · Kira ${esc(r.environment.kira_version)} · ${esc(r.environment.load_generator)}</p>
</body></html>
`;
}
