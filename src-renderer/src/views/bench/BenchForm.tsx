/** Suite, target (embedded engine or a URL with headers), load settings; run and cancel. */
import { useEffect, useState } from 'react';
import { parseHeaders, useBench } from '../../state/bench.js';
import { useSession } from '../../state/session.js';

export function BenchForm() {
  const client = useSession((s) => s.client);
  const { form, setForm, running, start, cancel } = useBench();
  const [suites, setSuites] = useState<{ name: string; description?: string }[]>([{ name: 'default' }, { name: 'quick' }]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    client?.benchSuites().then((r) => r.items.length && setSuites(r.items), () => undefined /* keep the built-in names */);
  }, [client]);

  const run = () => {
    if (!client) return;
    if (form.durationS <= 0 || form.durationS > 120) return setProblem('Duration must be between 1 and 120 seconds');
    if (form.users < 1 || form.users > 200) return setProblem('Connections must be between 1 and 200');
    let target: Parameters<typeof start>[1]['target'] = { kind: 'embedded' };
    if (form.targetKind === 'url') {
      let url: URL;
      try { url = new URL(form.url); } catch { return setProblem('Target URL is not a valid http(s) address'); }
      if (!/^https?:$/.test(url.protocol)) return setProblem('Target URL must start with http:// or https://');
      const h = parseHeaders(form.headers);
      if (!h.ok) return setProblem(h.message);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      if (!loopback && !form.allowRemote) return setProblem('This target is not on this machine: tick "I may load-test this host" to confirm');
      target = { kind: 'url', base_url: url.origin + url.pathname.replace(/\/$/, ''), headers: h.headers, allow_remote: !loopback };
    }
    setProblem(null);
    void start(client, {
      suite: form.suite, target, users: form.users, duration_ms: form.durationS * 1000,
      ...(form.rate > 0 ? { rate: form.rate } : {}), quick: form.suite === 'quick',
    });
  };

  return (
    <form className="card form bench-form" aria-labelledby="bench-form-title" onSubmit={(e) => { e.preventDefault(); run(); }}>
      <h2 id="bench-form-title">Run a benchmark</h2>
      <label>Suite{' '}
        <select value={form.suite} onChange={(e) => setForm({ suite: e.target.value })} data-testid="bench-suite">
          {suites.map((s) => <option key={s.name} value={s.name} title={s.description}>{s.name}</option>)}
        </select>
      </label>
      <fieldset>
        <legend>Target</legend>
        <label><input type="radio" name="target" checked={form.targetKind === 'embedded'} onChange={() => setForm({ targetKind: 'embedded' })} /> This Kira engine</label>
        <label><input type="radio" name="target" checked={form.targetKind === 'url'} onChange={() => setForm({ targetKind: 'url' })} data-testid="bench-target-url" /> Another API</label>
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
