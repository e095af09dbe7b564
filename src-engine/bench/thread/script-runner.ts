/**
 * Scripted scenarios in the generator: every virtual user runs the steps in order, again and again until the
 * bounds are reached. `{{var}}` in a step's path, header values and body comes from values extracted from earlier
 * answers (JSON pointers) and from the iteration's data row. Checks on status, headers, a JSON pointer or the body
 * count failures like errors. Steps read bodies, so they go through undici (the raw client stays body-free and
 * allocation-free for plain endpoint scenarios).
 */
import { performance } from 'node:perf_hooks';
import type { Client } from 'undici';
import { createHistogram, encodeHistogram, recordMs } from '../../core/bench/histogram.js';
import { emptyRawRun, type Check, type RawRun, type ScriptStep } from '../../core/bench/types.js';
import { openClient, sendAsync, type Answer } from './http-client.js';
import type { GeneratorProgress, ScriptJob, ScriptOutcome } from './jobs.js';

const TEMPLATE = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

export function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(TEMPLATE, (all, name: string) => (name === 'today' ? new Date().toISOString().slice(0, 10) : (vars[name] ?? all)));
}

/** RFC 6901 JSON pointer ("" is the whole value). */
export function pointer(value: unknown, ptr: string): unknown {
  if (ptr === '') return value;
  let cur: unknown = value;
  for (const raw of ptr.replace(/^\//, '').split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const parseJson = (text: string | undefined): unknown => {
  try {
    return text === undefined || text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Whether an answer passes one check. */
function passes(check: Check, answer: Answer, json: () => unknown): boolean {
  if ('status' in check) return answer.status === check.status;
  if ('header' in check) return new RegExp(check.matches, 'i').test(answer.headers?.[check.header.toLowerCase()] ?? '');
  if ('body_matches' in check) return new RegExp(check.body_matches).test(answer.body ?? '');
  return JSON.stringify(pointer(json(), check.pointer)) === JSON.stringify(check.equals);
}

interface Tally {
  run: RawRun;
  hist: ReturnType<typeof createHistogram>;
  failed: ReturnType<typeof createHistogram>;
}

const tally = (): Tally => ({ run: emptyRawRun(), hist: createHistogram(), failed: createHistogram() });

function close(t: Tally, window_ms: number, aborted: boolean): RawRun {
  return { ...t.run, window_ms, aborted, histogram: encodeHistogram(t.hist), failed_histogram: encodeHistogram(t.failed) };
}

export async function runScript(job: ScriptJob, signal: AbortSignal, onProgress: (p: GeneratorProgress) => void): Promise<ScriptOutcome> {
  const all = tally();
  const tags = new Map<string, Tally>();
  let checkFailures = 0;
  let started = 0;
  let iteration = 0;
  const t0 = performance.now();
  const deadline = t0 + job.bounds.duration_ms;
  let lastDone = t0;
  const more = () => !signal.aborted && started < job.bounds.max_requests && performance.now() < deadline;
  const tagsOf = (s: ScriptStep) => [`step:${s.name}`, ...(s.tags ?? [])];
  const record = (step: ScriptStep, ms: number, failedKind: 'status' | 'timeout' | 'connection' | null, answer: Answer | null) => {
    lastDone = performance.now();
    for (const t of [all, ...tagsOf(step).map((name) => tags.get(name) ?? (tags.set(name, tally()), tags.get(name) as Tally))]) {
      t.run.requests++;
      if (answer) {
        t.run.bytes_received += answer.bytes;
        const k = String(answer.status);
        t.run.statuses[k] = (t.run.statuses[k] ?? 0) + 1;
      }
      if (failedKind === null) recordMs(t.hist, ms);
      else {
        t.run.errors[failedKind]++;
        if (answer) recordMs(t.failed, ms);
      }
    }
  };
  const progress = setInterval(
    () =>
      onProgress({
        phase: 'measure',
        elapsed_ms: Math.round(performance.now() - t0),
        requests: all.run.requests,
        errors: all.run.errors.status + all.run.errors.timeout + all.run.errors.connection,
        p50_ms: null,
        p99_ms: null,
      }),
    job.progress_ms,
  );
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, deadline - performance.now()))));

  const user = async (client: Client) => {
    while (more()) {
      const row = job.rows && job.rows.length > 0 ? (job.rows[iteration++ % job.rows.length] ?? {}) : {};
      const vars: Record<string, string> = { ...row };
      for (const step of job.steps) {
        if (!more()) return;
        started++;
        const r = step.request;
        const qs = r.query
          ? new URLSearchParams(Object.fromEntries(Object.entries(r.query).map(([k, v]) => [k, fill(v, vars)]))).toString()
          : '';
        const headers: Record<string, string> = { ...job.headers };
        for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = fill(v, vars);
        let body: string | null = null;
        if (r.body !== undefined) {
          body = fill(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), vars);
          if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
            headers['content-type'] = typeof r.body === 'string' ? 'text/plain' : 'application/json';
        }
        const path = `${job.base_path}${fill(r.path, vars)}${qs ? `${r.path.includes('?') ? '&' : '?'}${qs}` : ''}`;
        const sent = performance.now();
        const { err, answer } = await sendAsync(
          client,
          { method: r.method, path, headers, body, idempotent: false, blocking: false },
          true,
        );
        const ms = performance.now() - sent;
        if (err !== null || !answer) {
          record(step, ms, err ?? 'connection', null);
          break; // later steps depend on this one
        }
        let parsed: unknown;
        let didParse = false;
        const json = () => (didParse ? parsed : ((didParse = true), (parsed = parseJson(answer.body))));
        const expectOk = (r.expect_status ?? (r.method === 'POST' ? [200, 201] : [200])).includes(answer.status);
        const failedChecks = (step.checks ?? []).filter((c) => !passes(c, answer, json)).length;
        checkFailures += failedChecks;
        record(step, ms, expectOk && failedChecks === 0 ? null : 'status', answer);
        for (const [name, ptr] of Object.entries(step.extract ?? {})) {
          const v = pointer(json(), ptr);
          if (v !== undefined) vars[name] = typeof v === 'string' ? v : JSON.stringify(v);
        }
        if (step.think_ms) await sleep(step.think_ms);
      }
    }
  };

  const clients = Array.from({ length: job.users }, () => openClient(job.base_url, job.timeout_ms));
  try {
    await Promise.all(clients.map((c) => user(c)));
  } finally {
    clearInterval(progress);
    await Promise.allSettled(clients.map((c) => c.destroy()));
  }
  const window = Math.max(0, lastDone - t0);
  return {
    kind: 'script',
    measured: close(all, window, signal.aborted),
    check_failures: checkFailures,
    by_tag: Object.fromEntries([...tags].map(([k, t]) => [k, close(t, window, signal.aborted)])),
  };
}
