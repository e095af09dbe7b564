/** Suite, target (embedded engine or a URL with headers), load settings; run and cancel. */
import { useEffect, useState } from 'react';
import { isLoopback, type BenchSuiteInfo, type BenchTargetInput } from '../../../../src-engine/core/bench/panel.js';
import { REMOTE_CAPS } from '../../../../src-engine/core/bench/suite.js';
import { parseHeaders, useBench } from '../../state/bench.js';
import { useSession } from '../../state/session.js';

export function BenchForm() {
  const client = useSession((s) => s.client);
  const { form, setForm, running, start, cancel } = useBench();
  const [suites, setSuites] = useState<BenchSuiteInfo[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!client) return;
    client.benchSuites().then(
      (r) => {
        setSuites(r.items);
        const current = useBench.getState().form.suite;
        if (r.items.length > 0 && !r.items.some((x) => x.name === current)) setForm({ suite: r.items[0]!.name, scenarios: [] });
      },
      (e: unknown) => setProblem(`Suites unavailable: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, [client, setForm]);
  const suite = suites.find((x) => x.name === form.suite);
  const toggle = (name: string, on: boolean) =>
    setForm({ scenarios: on ? [...form.scenarios, name] : form.scenarios.filter((n) => n !== name) });

  const run = () => {
    if (!client) return;
    if (form.durationS <= 0 || form.durationS > 120) return setProblem('Duration must be between 1 and 120 seconds');
    if (form.users < 1 || form.users > 200) return setProblem('Connections must be between 1 and 200');
    let target: BenchTargetInput = { kind: 'embedded' };
    if (form.targetKind === 'url') {
      let url: URL;
      try { url = new URL(form.url); } catch { return setProblem('Target URL is not a valid http(s) address'); }
      if (!/^https?:$/.test(url.protocol)) return setProblem('Target URL must start with http:// or https://');
      const h = parseHeaders(form.headers);
      if (!h.ok) return setProblem(h.message);
      const loopback = isLoopback(url);
      if (!loopback && !form.allowRemote) return setProblem('This target is not on this machine: tick "I may load-test this host" to confirm');
      // A host elsewhere is asked about every time: the tick box alone is too easy to leave on from an earlier run.
      if (!loopback && !window.confirm(
        `${url.host} is not this machine. Send load to it? (capped at ${REMOTE_CAPS.users} connections, ${REMOTE_CAPS.rate} req/s, ` +
          `${REMOTE_CAPS.run_requests} requests and ${REMOTE_CAPS.run_duration_ms / 1000} s per run)`,
      )) return setProblem(`Not run: ${url.host} was not confirmed`);
      target = { kind: 'url', base_url: url.origin + url.pathname.replace(/\/$/, ''), headers: h.headers, allow_remote: !loopback };
    }
    setProblem(null);
    const chosen = suite ? form.scenarios.filter((n) => suite.scenarios.some((x) => x.name === n)) : [];
    void start(client, {
      suite: form.suite, target, users: form.users, duration_ms: Math.round(form.durationS * 1000), quick: form.quick,
      ...(chosen.length > 0 ? { scenarios: chosen } : {}),
      ...(form.rate > 0 ? { rate: form.rate } : {}),
    });
  };

  return (
    <form className="card form bench-form" aria-labelledby="bench-form-title" onSubmit={(e) => { e.preventDefault(); run(); }}>
      <h2 id="bench-form-title">Run a benchmark</h2>
      <label>Suite{' '}
        <select value={form.suite} onChange={(e) => setForm({ suite: e.target.value, scenarios: [] })} data-testid="bench-suite">
          {suites.map((s) => <option key={s.name} value={s.name} title={s.description}>{s.name}</option>)}
        </select>
      </label>
      <label className="check"><input type="checkbox" checked={form.quick} onChange={(e) => setForm({ quick: e.target.checked })} data-testid="bench-quick" /> Quick (≤ 0.7 s per scenario)</label>
      {suite && (
        <details className="bench-scenarios">
          <summary>Scenarios: {form.scenarios.length === 0 ? `all ${suite.scenarios.length}` : `${form.scenarios.length} of ${suite.scenarios.length}`}</summary>
          {suite.scenarios.map((x) => (
            <label key={x.name} className="check" title={x.description}>
              <input type="checkbox" checked={form.scenarios.includes(x.name)} onChange={(e) => toggle(x.name, e.target.checked)} data-testid={`bench-scenario-${x.name}`} /> <code>{x.name}</code>
            </label>
          ))}
        </details>
      )}
      <fieldset>
        <legend>Target</legend>
        <label className="check"><input type="radio" name="target" checked={form.targetKind === 'embedded'} onChange={() => setForm({ targetKind: 'embedded' })} /> This Kira engine</label>
        <label className="check"><input type="radio" name="target" checked={form.targetKind === 'url'} onChange={() => setForm({ targetKind: 'url' })} data-testid="bench-target-url" /> Another API</label>
        {form.targetKind === 'url' && (
          <>
            <label>Base URL <input value={form.url} onChange={(e) => setForm({ url: e.target.value })} data-testid="bench-url" /></label>
            <label>Headers (one "Name: value" per line)<textarea rows={2} value={form.headers} onChange={(e) => setForm({ headers: e.target.value })} /></label>
            <label className="check"><input type="checkbox" checked={form.allowRemote} onChange={(e) => setForm({ allowRemote: e.target.checked })} /> I may load-test this host</label>
          </>
        )}
      </fieldset>
      <label>Connections <input type="number" min={1} max={200} value={form.users} onChange={(e) => setForm({ users: Number(e.target.value) })} data-testid="bench-users" /></label>
      <label>Rate (req/s, 0 = closed model) <input type="number" min={0} value={form.rate} onChange={(e) => setForm({ rate: Number(e.target.value) })} /></label>
      <label>Duration (s) <input type="number" min={1} max={120} value={form.durationS} onChange={(e) => setForm({ durationS: Number(e.target.value) })} data-testid="bench-duration" /></label>
      <div className="buttons">
        <button type="submit" disabled={running} data-testid="bench-run">Run</button>
        <button type="button" disabled={!running} onClick={() => client && void cancel(client)} data-testid="bench-cancel">Cancel</button>
      </div>
      {problem && <p role="alert" className="error-inline">{problem}</p>}
    </form>
  );
}
