/**
 * What to run (a suite file, one endpoint of any API, or a suite written or uploaded here), the target (this
 * engine or a URL with headers), load settings; run and cancel. A host that is not this machine is confirmed.
 */
import { useEffect, useState } from 'react';
import { isLoopback, type BenchSuiteInfo, type BenchTargetInput } from '../../../../src-engine/core/bench/panel.js';
import { REMOTE_CAPS } from '../../../../src-engine/core/bench/suite.js';
import { parseJsonText } from '../../../../src-engine/core/bench/json-text.js';
import { oneLineSuite } from '../../../../src-engine/core/bench/one-line.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
import { parseHeaders, useBench } from '../../state/bench.js';
import { useSession } from '../../state/session.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

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
      (e: unknown) => setProblem(`Suites unavailable: ${errorMessage(e)}`),
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
    let definition: Record<string, unknown> | null = null;
    if (form.mode === 'custom') {
      try {
        const parsed = parseJsonText(form.customSuite);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          return setProblem('The suite must be a JSON object with a scenarios array');
        definition = parsed as Record<string, unknown>;
      } catch (e) {
        return setProblem(`Suite JSON: ${errorMessage(e)}`);
      }
    }
    if (form.targetKind === 'url' || form.mode === 'endpoint') {
      let url: URL;
      try {
        url = new URL(form.url);
      } catch {
        return setProblem('Target URL is not a valid http(s) address');
      }
      if (!/^https?:$/.test(url.protocol)) return setProblem('Target URL must start with http:// or https://');
      const h = parseHeaders(form.headers);
      if (!h.ok) return setProblem(h.message);
      const loopback = isLoopback(url);
      if (!loopback && !form.allowRemote)
        return setProblem('This target is not on this machine: tick "I may load-test this host" to confirm');
      // A host elsewhere is asked about every time: the tick box alone is too easy to leave on from an earlier run.
      if (
        !loopback &&
        !window.confirm(
          `${url.host} is not this machine. Send load to it? (capped at ${REMOTE_CAPS.users} connections, ${REMOTE_CAPS.rate} req/s, ` +
            `${REMOTE_CAPS.run_requests} requests and ${REMOTE_CAPS.run_duration_ms / 1000} s per run)`,
        )
      )
        return setProblem(`Not run: ${url.host} was not confirmed`);
      if (form.mode === 'endpoint') {
        // One endpoint: the URL's path and query are the request, its origin the target.
        definition = oneLineSuite({
          url,
          method: form.method,
          body: form.body === '' ? undefined : form.body,
          headers: h.headers,
          users: form.users,
          duration_s: form.durationS,
        });
        target = { kind: 'url', base_url: url.origin, headers: h.headers, allow_remote: !loopback };
      } else {
        // The suite files call Kira's own API: against another API every request would be a 404.
        if (
          form.mode === 'suite' &&
          !window.confirm(
            `The suite "${form.suite}" calls Kira's API paths (/api/…). Is ${url.host} a Kira server? For another API, use "One endpoint" or "My own suite".`,
          )
        )
          return setProblem(`Not run: the suite "${form.suite}" is for Kira servers`);
        target = { kind: 'url', base_url: url.origin + url.pathname.replace(/\/$/, ''), headers: h.headers, allow_remote: !loopback };
      }
    }
    setProblem(null);
    const chosen = suite && form.mode === 'suite' ? form.scenarios.filter((n) => suite.scenarios.some((x) => x.name === n)) : [];
    void start(client, {
      ...(definition ? { definition } : { suite: form.suite }),
      target,
      users: form.users,
      duration_ms: Math.round(form.durationS * 1000),
      quick: form.quick,
      ...(chosen.length > 0 ? { scenarios: chosen } : {}),
      ...(form.rate > 0 ? { rate: form.rate } : {}),
    });
  };

  return (
    <form
      className="card form bench-form"
      aria-labelledby="bench-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
    >
      <h2 id="bench-form-title">Run a benchmark</h2>
      <fieldset>
        <legend>What to run</legend>
        <label className="check">
          <input
            type="radio"
            name="bench-mode"
            checked={form.mode === 'suite'}
            onChange={() => setForm({ mode: 'suite' })}
            data-testid="bench-mode-suite"
          />{' '}
          A suite
        </label>
        <label className="check">
          <input
            type="radio"
            name="bench-mode"
            checked={form.mode === 'endpoint'}
            onChange={() => setForm({ mode: 'endpoint' })}
            data-testid="bench-mode-endpoint"
          />{' '}
          One endpoint of any API
        </label>
        <label className="check">
          <input
            type="radio"
            name="bench-mode"
            checked={form.mode === 'custom'}
            onChange={() => setForm({ mode: 'custom' })}
            data-testid="bench-mode-custom"
          />{' '}
          My own suite (write or upload)
        </label>
      </fieldset>
      {form.mode === 'endpoint' && (
        <fieldset>
          <legend>Endpoint</legend>
          <label>
            Method{' '}
            <select value={form.method} onChange={(e) => setForm({ method: e.target.value })} data-testid="bench-method">
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label>
            URL (with path and query){' '}
            <input value={form.url} onChange={(e) => setForm({ url: e.target.value })} data-testid="bench-endpoint-url" />
          </label>
          <label>
            Headers (one "Name: value" per line)
            <textarea
              rows={2}
              value={form.headers}
              onChange={(e) => setForm({ headers: e.target.value })}
              data-testid="bench-endpoint-headers"
            />
          </label>
          <label>
            Body (JSON is sent as application/json)
            <textarea rows={3} value={form.body} onChange={(e) => setForm({ body: e.target.value })} data-testid="bench-endpoint-body" />
          </label>
          <label className="check">
            <input type="checkbox" checked={form.allowRemote} onChange={(e) => setForm({ allowRemote: e.target.checked })} /> I may
            load-test this host
          </label>
        </fieldset>
      )}
      {form.mode === 'custom' && (
        <fieldset>
          <legend>
            Suite JSON (see <code>kira bench --print-schema</code>)
          </legend>
          <label>
            Upload a suite file{' '}
            <input
              type="file"
              accept="application/json,.json"
              data-testid="bench-suite-file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file)
                  void file.text().then(
                    (text) => setForm({ customSuite: text }),
                    () => setProblem('The file could not be read'),
                  );
              }}
            />
          </label>
          <label>
            Or write it here
            <textarea
              rows={8}
              value={form.customSuite}
              onChange={(e) => setForm({ customSuite: e.target.value })}
              data-testid="bench-suite-text"
              spellCheck={false}
            />
          </label>
        </fieldset>
      )}
      {form.mode === 'suite' && (
        <>
          <label>
            Suite{' '}
            <select value={form.suite} onChange={(e) => setForm({ suite: e.target.value, scenarios: [] })} data-testid="bench-suite">
              {suites.map((s) => (
                <option key={s.name} value={s.name} title={s.description}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={form.quick} onChange={(e) => setForm({ quick: e.target.checked })} data-testid="bench-quick" />{' '}
            Quick (≤ 0.7 s per scenario)
          </label>
          {suite && (
            <details className="bench-scenarios">
              <summary>
                Scenarios:{' '}
                {form.scenarios.length === 0 ? `all ${suite.scenarios.length}` : `${form.scenarios.length} of ${suite.scenarios.length}`}
              </summary>
              {suite.scenarios.map((x) => (
                <label key={x.name} className="check" title={x.description}>
                  <input
                    type="checkbox"
                    checked={form.scenarios.includes(x.name)}
                    onChange={(e) => toggle(x.name, e.target.checked)}
                    data-testid={`bench-scenario-${x.name}`}
                  />{' '}
                  <code>{x.name}</code>
                </label>
              ))}
            </details>
          )}
        </>
      )}
      {form.mode !== 'endpoint' && (
        <fieldset>
          <legend>Target</legend>
          <label className="check">
            <input
              type="radio"
              name="target"
              checked={form.targetKind === 'embedded'}
              onChange={() => setForm({ targetKind: 'embedded' })}
            />{' '}
            This Kira engine
          </label>
          <label className="check">
            <input
              type="radio"
              name="target"
              checked={form.targetKind === 'url'}
              onChange={() => setForm({ targetKind: 'url' })}
              data-testid="bench-target-url"
            />{' '}
            Another API
          </label>
          {form.targetKind === 'url' && (
            <>
              <label>
                Base URL <input value={form.url} onChange={(e) => setForm({ url: e.target.value })} data-testid="bench-url" />
              </label>
              <label>
                Headers (one "Name: value" per line)
                <textarea rows={2} value={form.headers} onChange={(e) => setForm({ headers: e.target.value })} />
              </label>
              <label className="check">
                <input type="checkbox" checked={form.allowRemote} onChange={(e) => setForm({ allowRemote: e.target.checked })} /> I may
                load-test this host
              </label>
            </>
          )}
        </fieldset>
      )}
      <label>
        Connections{' '}
        <input
          type="number"
          min={1}
          max={200}
          value={form.users}
          onChange={(e) => setForm({ users: Number(e.target.value) })}
          data-testid="bench-users"
        />
      </label>
      <label>
        Rate (req/s, 0 = closed model){' '}
        <input
          type="number"
          min={0}
          value={form.rate}
          onChange={(e) => setForm({ rate: Number(e.target.value) })}
          data-testid="bench-rate"
        />
      </label>
      <label>
        Duration (s){' '}
        <input
          type="number"
          min={1}
          max={120}
          value={form.durationS}
          onChange={(e) => setForm({ durationS: Number(e.target.value) })}
          data-testid="bench-duration"
        />
      </label>
      <div className="buttons">
        <button type="submit" disabled={running} data-testid="bench-run">
          Run
        </button>
        <button type="button" disabled={!running} onClick={() => client && void cancel(client)} data-testid="bench-cancel">
          Cancel
        </button>
      </div>
      {problem && (
        <p role="alert" className="error-inline">
          {problem}
        </p>
      )}
    </form>
  );
}
