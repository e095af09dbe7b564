/**
 * CI formats of a run: JUnit XML (a testsuite per run, a testcase per scenario; failed gates, budgets and SLOs
 * as failures, skipped scenarios as skipped), and a compact Markdown summary for a CI step summary. Pure.
 */
import { fmtMs, markdownTable } from './table.js';
import type { BenchResult, ScenarioResult } from './types.js';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// Characters XML 1.0 cannot hold at all (C0 controls other than tab, LF, CR) are replaced, not escaped.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xml = (s: string): string => s.replace(XML_INVALID, '\ufffd').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);

/** Every failed check of one scenario, as one line each: gates, budgets, SLO limits, a run that did not complete. */
export function scenarioFailures(r: BenchResult, s: ScenarioResult): string[] {
  const out: string[] = [];
  for (const g of (r.gates ?? []).filter((x) => !x.pass && x.scenario === s.name)) out.push(`${g.gate}: ${g.actual}, needs ${g.expected}`);
  for (const b of r.budgets.filter((x) => !x.pass && x.scenario === s.name))
    out.push(`budget ${b.limit}: ${b.actual}, budget ${b.expected}`);
  for (const l of s.slo?.lines.filter((x) => !x.pass) ?? []) out.push(`slo ${l.limit}: ${l.actual}, SLO ${l.expected}`);
  if ((s.status === 'failed' || s.status === 'aborted') && out.length === 0)
    out.push(`${s.status}: ${s.skip_reason ?? 'did not complete'}`);
  return out;
}

export function renderJunit(r: BenchResult): string {
  const cases = r.scenarios.map((s) => {
    const time = (s.window_ms / 1000).toFixed(3);
    const open = `    <testcase classname="kira.bench.${xml(r.suite)}" name="${xml(s.name)}" time="${time}">`;
    const body: string[] = [];
    if (s.status === 'skipped') body.push(`      <skipped message="${xml(s.skip_reason ?? 'skipped')}"/>`);
    const failures = scenarioFailures(r, s);
    if (failures.length > 0) {
      body.push(`      <failure message="${xml(failures[0] ?? '')}" type="kira-bench">${xml(failures.join('\n'))}</failure>`);
    }
    const L = s.latency_ms;
    body.push(
      `      <system-out>${xml(`${s.method} ${s.path} · ${s.model} · ${s.requests} requests, success ${s.success_rate}%, ${s.throughput} req/s, p50 ${L.p50} ms, p99 ${L.p99} ms, grade ${s.grade ?? '—'}`)}</system-out>`,
    );
    return [open, ...body, '    </testcase>'].join('\n');
  });
  const failures = r.scenarios.filter((s) => scenarioFailures(r, s).length > 0).length;
  const skipped = r.scenarios.filter((s) => s.status === 'skipped').length;
  const time = ((Date.parse(r.finished_at) - Date.parse(r.started_at)) / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kira bench" tests="${r.scenarios.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="${xml(r.suite)}" tests="${r.scenarios.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}" timestamp="${xml(r.started_at)}">`,
    '    <properties>',
    `      <property name="target" value="${xml(r.target.label)}"/>`,
    `      <property name="verdict" value="${xml(r.verdict)}"/>`,
    `      <property name="min_success" value="${r.min_success ?? ''}"/>`,
    `      <property name="saturated" value="${r.saturated === true}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** A CI step summary: one status line, one table, the failures. */
export function renderSummary(r: BenchResult): string {
  const rows = r.scenarios.map((s) => {
    const failed = scenarioFailures(r, s).length > 0;
    const mark = s.status === 'skipped' ? '⏭️' : failed ? '❌' : '✅';
    if (s.status === 'skipped') return [mark, `\`${s.name}\``, '—', '—', '—', '—', '—', '—'];
    const L = s.latency_ms;
    return [
      mark,
      `\`${s.name}\``,
      String(s.requests),
      `${s.success_rate}%`,
      fmtMs(L.p50),
      fmtMs(L.p99),
      s.throughput.toFixed(0),
      s.grade ?? '—',
    ];
  });
  const fails = r.scenarios.flatMap((s) => scenarioFailures(r, s).map((f) => `- \`${s.name}\`: ${f}`));
  const status = r.pass === false ? '❌ FAIL' : '✅ PASS';
  return [
    `### kira bench ${r.suite} → ${r.target.label}: ${status}${r.saturated ? ' (saturated)' : ''}`,
    '',
    markdownTable(['', 'Scenario', 'Requests', 'Success', 'P50', 'P99', 'Req/s', 'Grade'], rows),
    ...(fails.length > 0 ? ['', ...fails] : []),
    '',
  ].join('\n');
}
