/**
 * Suites are data. This module turns a suite file's JSON (friendly units: seconds, counts) into validated
 * scenarios with every bound explicit and capped, then applies the run's options: a scenario filter, quick
 * mode, the CLI's --duration/--connections/--rate overrides and the lower caps for non-loopback targets.
 */
import { ValidationError } from '../errors.js';
import { oneOf } from '../validate/fields.js';
import { parseBudget } from './budget.js';
import { CHECK_KEYS, DATA_KEYS, STEP_KEYS } from './known-keys.js';
import {
  checkKeys,
  DEFAULTS_KEYS,
  MODEL_KEYS,
  REQUEST_KEYS,
  SCENARIO_KEYS,
  STAGE_KEYS,
  STREAM_KEYS,
  SUITE_KEYS,
  VARIANT_KEYS,
  WARMUP_KEYS,
} from './known-keys.js';
import { parseSlo } from './slo-spec.js';
import type {
  Bounds,
  Check,
  EndpointScenario,
  LoadModel,
  PairedScenario,
  PushScenario,
  RequestSpec,
  Scenario,
  Script,
  ScriptStep,
  Stage,
  Suite,
  TargetClass,
} from './types.js';

/** Hard caps on any one run, whatever a suite or flag asks. */
export const CAPS = { duration_ms: 300_000, max_requests: 5_000_000, users: 1_000, rate: 100_000, push_count: 1_000 } as const;
/**
 * Load on a host other than this machine (only with --allow-remote / allow_remote: true) is capped lower, per
 * scenario and per run, for every load model: a benchmark is not a load attack. `rate` holds for closed users
 * too (they are paced), and the run's requests and time are shared out between its scenarios.
 */
export const REMOTE_CAPS = {
  duration_ms: 30_000,
  max_requests: 10_000,
  users: 8,
  rate: 50,
  push_count: 20,
  scenarios: 10,
  run_requests: 10_000,
  run_duration_ms: 60_000,
} as const;

const DEFAULT_DURATION_S = 5;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_WARMUP_REQUESTS = 10;
/** Quick mode (CI): every duration shortened to this, counts to QUICK_COUNT. */
const QUICK_DURATION_MS = 700;
const QUICK_COUNT = 5;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
const CLASSES: readonly TargetClass[] = ['standard', 'realtime', 'health'];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(field: string, message: string): never {
  throw new ValidationError(`${field} ${message}`, { field });
}

function num(v: unknown, field: string, min: number, max: number, fallback?: number): number {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) bad(field, `must be a number from ${min} to ${max}`);
  return v;
}

function stringMap(v: unknown, field: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) bad(field, 'must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string' && typeof val !== 'number') bad(`${field}.${k}`, 'must be a string');
    out[k] = String(val);
  }
  return out;
}

function parseRequest(v: unknown, field: string): RequestSpec {
  if (!isObj(v)) bad(field, 'must be an object with method and path');
  checkKeys(v, REQUEST_KEYS, field);
  const method = (typeof v.method === 'string' ? v.method.toUpperCase() : 'GET') as RequestSpec['method'];
  oneOf(`${field}.method`, method, METHODS, bad);
  if (typeof v.path !== 'string' || !v.path.startsWith('/')) bad(`${field}.path`, 'must be a path starting with /');
  const req: RequestSpec = { method, path: v.path };
  const query = stringMap(v.query, `${field}.query`);
  if (query) req.query = query;
  const headers = stringMap(v.headers, `${field}.headers`);
  if (headers) req.headers = headers;
  if (v.body !== undefined) req.body = v.body;
  if (v.expect_status !== undefined) {
    const list = Array.isArray(v.expect_status) ? v.expect_status : [v.expect_status];
    req.expect_status = list.map((s, i) => num(s, `${field}.expect_status[${i}]`, 100, 599));
  }
  return req;
}

function parseModel(v: unknown, field: string): LoadModel {
  if (v === undefined) return { type: 'closed', users: 1 };
  if (!isObj(v)) bad(field, 'must be an object');
  checkKeys(v, MODEL_KEYS, field);
  if (v.type === 'open') {
    const rate = num(v.rate, `${field}.rate`, 0.1, CAPS.rate);
    return { type: 'open', rate, users: Math.round(num(v.users, `${field}.users`, 1, CAPS.users, 64)) };
  }
  if (v.type !== undefined && v.type !== 'closed') bad(`${field}.type`, 'must be "closed" or "open"');
  return { type: 'closed', users: Math.round(num(v.users, `${field}.users`, 1, CAPS.users, 1)) };
}

/**
 * `stages` → the model it drives: closed stages (users) open as many connections as the largest stage, open
 * stages (rate) keep the model's connection count (default 64) and ramp the arrival rate. All stages of a
 * scenario are of one kind; the scenario lasts as long as its stages together.
 */
function parseStages(v: unknown, field: string, model: LoadModel): { model: LoadModel; duration_ms: number } {
  if (!Array.isArray(v) || v.length === 0 || v.length > 100)
    bad(field, 'must be an array of 1–100 { duration_s, users } or { duration_s, rate }');
  const stages: Stage[] = v.map((st, i) => {
    const f = `${field}[${i}]`;
    if (!isObj(st)) bad(f, 'must be { duration_s, users } or { duration_s, rate }');
    checkKeys(st, STAGE_KEYS, f);
    const duration_ms = num(st.duration_s, `${f}.duration_s`, 0.05, CAPS.duration_ms / 1000) * 1000;
    if ((st.users === undefined) === (st.rate === undefined)) bad(f, 'must give users (closed) or rate (open), not both');
    return st.users !== undefined
      ? { duration_ms, users: Math.round(num(st.users, `${f}.users`, 0, CAPS.users)) }
      : { duration_ms, rate: num(st.rate, `${f}.rate`, 0, CAPS.rate) };
  });
  const open = stages[0]?.rate !== undefined;
  if (stages.some((st) => (st.rate !== undefined) !== open)) bad(field, 'must be all users stages (closed) or all rate stages (open)');
  const duration_ms = Math.min(
    CAPS.duration_ms,
    stages.reduce((n, st) => n + st.duration_ms, 0),
  );
  if (open) {
    const rate = Math.max(...stages.map((st) => st.rate ?? 0));
    if (rate <= 0) bad(field, 'must reach a rate above 0');
    return { model: { type: 'open', rate, users: model.type === 'open' ? model.users : 64, stages }, duration_ms };
  }
  const users = Math.max(...stages.map((st) => st.users ?? 0));
  if (users <= 0) bad(field, 'must reach at least 1 user');
  return { model: { type: 'closed', users, stages }, duration_ms };
}

function regex(v: unknown, field: string): string {
  if (typeof v !== 'string') bad(field, 'must be a regular expression (string)');
  try {
    new RegExp(v);
  } catch {
    bad(field, 'is not a valid regular expression');
  }
  return v;
}

function parseChecks(v: unknown, field: string): Check[] {
  if (!Array.isArray(v) || v.length > 50) bad(field, 'must be an array of at most 50 checks');
  return v.map((c, i): Check => {
    const f = `${field}[${i}]`;
    if (!isObj(c)) bad(f, 'must be { status } or { pointer, equals } or { header, matches } or { body_matches }');
    checkKeys(c, CHECK_KEYS, f);
    const keys = Object.keys(c).sort().join(',');
    if (keys === 'status') return { status: num(c.status, `${f}.status`, 100, 599) };
    if (keys === 'equals,pointer') {
      if (typeof c.pointer !== 'string' || !(c.pointer === '' || c.pointer.startsWith('/')))
        bad(`${f}.pointer`, 'must be a JSON pointer ("/total")');
      return { pointer: c.pointer, equals: c.equals };
    }
    if (keys === 'header,matches') {
      if (typeof c.header !== 'string') bad(`${f}.header`, 'must be a header name');
      return { header: c.header, matches: regex(c.matches, `${f}.matches`) };
    }
    if (keys === 'body_matches') return { body_matches: regex(c.body_matches, `${f}.body_matches`) };
    return bad(f, 'must be { status } or { pointer, equals } or { header, matches } or { body_matches }');
  });
}

function parseTags(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((t) => typeof t !== 'string' || !/^[A-Za-z0-9_.:@-]{1,60}$/.test(t)))
    bad(field, 'must be an array of tag names');
  return v as string[];
}

/**
 * Scripting: `steps` (or the scenario's own `request` with `checks`, `think_ms`, `tags`), and `data` rows.
 * `data.file` is read by `kira bench` (which puts the rows in `data.rows`); elsewhere rows are given inline.
 */
function parseScript(s: Record<string, unknown>, field: string): Script | null {
  if (s.steps === undefined && s.data === undefined && s.checks === undefined && s.think_ms === undefined && s.tags === undefined)
    return null;
  const think = (v: unknown, f: string) => (v === undefined ? undefined : num(v, f, 0, 60_000));
  let steps: ScriptStep[];
  if (s.steps !== undefined) {
    if (!Array.isArray(s.steps) || s.steps.length === 0 || s.steps.length > 50) bad(`${field}.steps`, 'must be an array of 1–50 steps');
    if (s.checks !== undefined || s.think_ms !== undefined) bad(`${field}.steps`, 'carry their own checks and think_ms');
    steps = s.steps.map((st, i) => {
      const f = `${field}.steps[${i}]`;
      if (!isObj(st)) bad(f, 'must be { request, extract?, checks?, think_ms?, tags? }');
      checkKeys(st, STEP_KEYS, f);
      const extract = st.extract === undefined ? undefined : stringMap(st.extract, `${f}.extract`);
      for (const [k, p] of Object.entries(extract ?? {}))
        if (!(p === '' || p.startsWith('/'))) bad(`${f}.extract.${k}`, 'must be a JSON pointer ("/token")');
      const t = think(st.think_ms, `${f}.think_ms`);
      return {
        name: typeof st.name === 'string' && /^[A-Za-z0-9_.@-]{1,60}$/.test(st.name) ? st.name : `${i + 1}`,
        request: parseRequest(st.request, `${f}.request`),
        ...(extract ? { extract } : {}),
        ...(st.checks !== undefined ? { checks: parseChecks(st.checks, `${f}.checks`) } : {}),
        ...(t !== undefined ? { think_ms: t } : {}),
        ...(st.tags !== undefined ? { tags: parseTags(st.tags, `${f}.tags`) } : {}),
      };
    });
  } else {
    const t = think(s.think_ms, `${field}.think_ms`);
    steps = [
      {
        name: '1',
        request: parseRequest(s.request, `${field}.request`),
        ...(s.checks !== undefined ? { checks: parseChecks(s.checks, `${field}.checks`) } : {}),
        ...(t !== undefined ? { think_ms: t } : {}),
      },
    ];
  }
  if (s.tags !== undefined) {
    const tags = parseTags(s.tags, `${field}.tags`);
    steps = steps.map((st) => ({ ...st, tags: [...(st.tags ?? []), ...tags] }));
  }
  let rows: Record<string, string>[] | null = null;
  if (s.data !== undefined) {
    if (!isObj(s.data)) bad(`${field}.data`, 'must be { file } or { rows }');
    checkKeys(s.data, DATA_KEYS, `${field}.data`);
    if (s.data.rows === undefined)
      bad(
        `${field}.data`,
        s.data.file !== undefined
          ? 'file is read by kira bench (CLI); here give the rows inline as data.rows'
          : 'must be { file } or { rows }',
      );
    if (!Array.isArray(s.data.rows) || s.data.rows.length === 0 || s.data.rows.length > 100_000)
      bad(`${field}.data.rows`, 'must be an array of 1–100,000 rows');
    rows = s.data.rows.map((r, i) => stringMap(r, `${field}.data.rows[${i}]`) ?? {});
  }
  return { steps, rows };
}

/** duration_s and/or count → both bounds, each capped. A count alone runs until done (within the duration cap). */
function parseBounds(v: Record<string, unknown>, field: string, defaultDurationS: number): Bounds {
  const hasCount = v.count !== undefined;
  const duration_ms =
    v.duration_s !== undefined
      ? num(v.duration_s, `${field}.duration_s`, 0.05, CAPS.duration_ms / 1000) * 1000
      : hasCount
        ? CAPS.duration_ms
        : defaultDurationS * 1000;
  const max_requests = hasCount ? Math.round(num(v.count, `${field}.count`, 1, CAPS.max_requests)) : CAPS.max_requests;
  return { duration_ms, max_requests };
}

function parseWarmup(v: unknown, field: string, fallback: number): Bounds {
  if (v === undefined) return { duration_ms: CAPS.duration_ms, max_requests: fallback };
  if (typeof v === 'number') return { duration_ms: CAPS.duration_ms, max_requests: Math.round(num(v, field, 0, CAPS.max_requests)) };
  if (!isObj(v)) bad(field, 'must be a request count or { requests, duration_s }');
  checkKeys(v, WARMUP_KEYS, field);
  const max_requests =
    v.requests === undefined ? CAPS.max_requests : Math.round(num(v.requests, `${field}.requests`, 0, CAPS.max_requests));
  const duration_ms =
    v.duration_s === undefined ? CAPS.duration_ms : num(v.duration_s, `${field}.duration_s`, 0, CAPS.duration_ms / 1000) * 1000;
  return { duration_ms, max_requests };
}

function parseScenario(v: unknown, i: number, defaults: Record<string, unknown>): Scenario {
  const field = `scenarios[${i}]`;
  if (!isObj(v)) bad(field, 'must be an object');
  checkKeys(v, SCENARIO_KEYS, field);
  const s = { ...defaults, ...v };
  if (typeof s.name !== 'string' || !/^[A-Za-z0-9_.@-]{1,80}$/.test(s.name))
    bad(`${field}.name`, 'must be 1–80 letters, digits, _ . @ or -');
  const base = {
    name: s.name,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    ...(s.budget !== undefined ? { budget: parseBudget(s.budget, `${field}.budget`) } : {}),
    ...(s.slo !== undefined ? { slo: parseSlo(s.slo, `${field}.slo`) } : {}),
  };
  const type = s.type ?? 'endpoint';
  const timeout = num(s.timeout_ms, `${field}.timeout_ms`, 1, 600_000, DEFAULT_TIMEOUT_MS);
  const defaultDuration = num(defaults.duration_s, 'defaults.duration_s', 0.05, CAPS.duration_ms / 1000, DEFAULT_DURATION_S);
  const warmupFallback = Math.round(
    num(defaults.warmup_requests, 'defaults.warmup_requests', 0, CAPS.max_requests, DEFAULT_WARMUP_REQUESTS),
  );
  if (type === 'endpoint') {
    const cls = s.class ?? 'standard';
    oneOf(`${field}.class`, cls, CLASSES, bad);
    let model = parseModel(s.model, `${field}.model`);
    let bounds = parseBounds(s, field, defaultDuration);
    const script = parseScript(v, field);
    if (s.stages !== undefined) {
      if (s.duration_s !== undefined) bad(`${field}.duration_s`, 'is set by the stages; give one or the other');
      const staged = parseStages(s.stages, `${field}.stages`, model);
      model = staged.model;
      bounds = { ...bounds, duration_ms: staged.duration_ms };
    }
    const sc: EndpointScenario = {
      ...base,
      type: 'endpoint',
      request: script ? (script.steps[0] as ScriptStep).request : parseRequest(s.request, `${field}.request`),
      ...(script ? { script } : {}),
      model,
      bounds,
      // A scripted flow may write (log in, create): it gets a warm-up only when the scenario asks for one.
      warmup: parseWarmup(s.warmup, `${field}.warmup`, script && s.warmup === undefined ? 0 : warmupFallback),
      target_class: cls as TargetClass,
      request_timeout_ms: timeout,
    };
    return sc;
  }
  if (type === 'paired') {
    if (!Array.isArray(s.variants) || s.variants.length !== 2) bad(`${field}.variants`, 'must list exactly two variants');
    const variants = s.variants.map((pv, j) => {
      if (!isObj(pv) || typeof pv.label !== 'string') bad(`${field}.variants[${j}]`, 'must be { label, headers? }');
      checkKeys(pv, VARIANT_KEYS, `${field}.variants[${j}]`);
      const headers = stringMap(pv.headers, `${field}.variants[${j}].headers`);
      return headers ? { label: pv.label, headers } : { label: pv.label };
    }) as PairedScenario['variants'];
    const sc: PairedScenario = {
      ...base,
      type: 'paired',
      request: parseRequest(s.request, `${field}.request`),
      variants,
      model: parseModel(s.model, `${field}.model`),
      bounds: parseBounds(s, field, defaultDuration),
      warmup: parseWarmup(s.warmup, `${field}.warmup`, warmupFallback),
      request_timeout_ms: timeout,
    };
    return sc;
  }
  if (type === 'push') {
    if (!isObj(s.stream) || typeof s.stream.path !== 'string' || typeof s.stream.event !== 'string')
      bad(`${field}.stream`, 'must be { path, event, headers? }');
    checkKeys(s.stream, STREAM_KEYS, `${field}.stream`);
    const headers = stringMap(s.stream.headers, `${field}.stream.headers`);
    const sc: PushScenario = {
      ...base,
      type: 'push',
      stream: { path: s.stream.path, event: s.stream.event, ...(headers ? { headers } : {}) },
      write: parseRequest(s.write, `${field}.write`),
      ...(s.cleanup !== undefined ? { cleanup: parseRequest(s.cleanup, `${field}.cleanup`) } : {}),
      count: Math.round(num(s.count, `${field}.count`, 1, CAPS.push_count, 10)),
      event_timeout_ms: num(s.event_timeout_ms, `${field}.event_timeout_ms`, 1, 60_000, 5_000),
    };
    return sc;
  }
  return bad(`${field}.type`, 'must be "endpoint", "paired" or "push"');
}

/** Validate a suite file's JSON. Scenario names must be unique (history compares scenarios by name). */
export function parseSuite(v: unknown, fallbackName = 'custom'): Suite {
  if (!isObj(v)) bad('(root)', 'must be a JSON object with a scenarios array');
  checkKeys(v, SUITE_KEYS, '');
  if (!Array.isArray(v.scenarios) || v.scenarios.length === 0) bad('scenarios', 'must be a non-empty array');
  const defaults = v.defaults === undefined ? {} : v.defaults;
  if (!isObj(defaults)) bad('defaults', 'must be an object');
  checkKeys(defaults, DEFAULTS_KEYS, 'defaults');
  const scenarios = v.scenarios.map((s, i) => parseScenario(s, i, defaults));
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (seen.has(s.name)) bad('scenarios', `has two scenarios named ${s.name}`);
    seen.add(s.name);
  }
  return {
    name: typeof v.name === 'string' && v.name !== '' ? v.name : fallbackName,
    ...(typeof v.description === 'string' ? { description: v.description } : {}),
    scenarios,
  };
}

export interface RunOptions {
  /** Run only these scenarios (by name). */
  only?: string[];
  quick?: boolean;
  duration_ms?: number;
  users?: number;
  /** Switch endpoint scenarios to the open model at this rate (req/s). */
  rate?: number;
  remote?: boolean;
}

function capBounds(b: Bounds, caps: { duration_ms: number; max_requests: number }): Bounds {
  return { duration_ms: Math.min(b.duration_ms, caps.duration_ms), max_requests: Math.min(b.max_requests, caps.max_requests) };
}

function capModel(m: LoadModel, caps: { users: number; rate: number }, paceClosed: boolean): LoadModel {
  const stages = m.stages?.map((st) => ({
    duration_ms: st.duration_ms,
    ...(st.users !== undefined ? { users: Math.min(st.users, caps.users) } : {}),
    ...(st.rate !== undefined ? { rate: Math.min(st.rate, caps.rate) } : {}),
  }));
  const withStages = stages ? { stages } : {};
  if (m.type === 'open') return { type: 'open', rate: Math.min(m.rate, caps.rate), users: Math.min(m.users, caps.users), ...withStages };
  const max_rate = paceClosed ? Math.min(m.max_rate ?? caps.rate, caps.rate) : m.max_rate;
  return { type: 'closed', users: Math.min(m.users, caps.users), ...(max_rate !== undefined ? { max_rate } : {}), ...withStages };
}

/** Each load phase's share of a remote run's requests and time (a paired scenario runs two phases). */
function remoteShare(scenarios: readonly Scenario[]): { requests: number; duration_ms: number } {
  const phases = scenarios.reduce((n, s) => n + (s.type === 'paired' ? 2 : 1), 0) || 1;
  return { requests: Math.floor(REMOTE_CAPS.run_requests / phases), duration_ms: Math.floor(REMOTE_CAPS.run_duration_ms / phases) };
}

/** The suite as it will run: filtered, overridden, shortened in quick mode and capped. */
export function resolveSuite(suite: Suite, opts: RunOptions): Suite {
  let scenarios = suite.scenarios;
  if (opts.only && opts.only.length > 0) {
    const unknown = opts.only.filter((n) => !scenarios.some((s) => s.name === n));
    if (unknown.length > 0) bad('--scenario', `names no scenario of suite ${suite.name}: ${unknown.join(', ')}`);
    scenarios = scenarios.filter((s) => opts.only?.includes(s.name));
  }
  const caps = opts.remote ? REMOTE_CAPS : CAPS;
  if (opts.remote && scenarios.length > REMOTE_CAPS.scenarios)
    bad('scenarios', `has ${scenarios.length} scenarios; a run against another host may hold at most ${REMOTE_CAPS.scenarios}`);
  const share = opts.remote ? remoteShare(scenarios) : null;
  const resolved = scenarios.map((s): Scenario => {
    if (s.type === 'push') {
      const count = Math.min(opts.quick ? Math.min(s.count, QUICK_COUNT) : s.count, caps.push_count, share?.requests ?? Infinity);
      return { ...s, count };
    }
    let bounds = s.bounds;
    let warmup = s.warmup;
    let model = s.model;
    const counted = bounds.max_requests < CAPS.max_requests;
    // Staged scenarios keep their own shape: the stages set duration, users and rate (quick mode cuts them short).
    const fixed = counted || (s.model.stages?.length ?? 0) > 0 || (s.type === 'endpoint' && s.script !== undefined);
    if (opts.duration_ms !== undefined && !fixed) bounds = { ...bounds, duration_ms: opts.duration_ms };
    if (opts.quick) {
      bounds = counted
        ? { ...bounds, max_requests: Math.min(bounds.max_requests, QUICK_COUNT) }
        : { ...bounds, duration_ms: Math.min(bounds.duration_ms, QUICK_DURATION_MS) };
      warmup = { duration_ms: Math.min(warmup.duration_ms, QUICK_DURATION_MS), max_requests: Math.min(warmup.max_requests, 3) };
    }
    if (opts.users !== undefined && s.type === 'endpoint' && !fixed) model = { ...model, users: opts.users };
    if (opts.rate !== undefined && s.type === 'endpoint' && !fixed)
      model = { type: 'open', rate: opts.rate, users: Math.max(model.users, opts.users ?? 64) };
    warmup = capBounds(warmup, caps);
    bounds = capBounds(bounds, caps);
    if (share) {
      // Warm-up gets at most a tenth of the phase's share; the measured part gets the rest.
      warmup = capBounds(warmup, { duration_ms: Math.floor(share.duration_ms / 10), max_requests: Math.floor(share.requests / 10) });
      bounds = capBounds(bounds, {
        duration_ms: share.duration_ms - warmup.duration_ms,
        max_requests: share.requests - warmup.max_requests,
      });
    }
    return { ...s, bounds, warmup, model: capModel(model, caps, opts.remote === true) };
  });
  return { ...suite, scenarios: resolved };
}

export function describeModel(m: LoadModel): string {
  const staged = m.stages && m.stages.length > 0 ? `, ${m.stages.length} stage${m.stages.length === 1 ? '' : 's'}` : '';
  if (m.type === 'open') return `open, ${staged ? '≤ ' : ''}${m.rate} req/s, ≤ ${m.users} connections${staged}`;
  return `closed, ${staged ? '≤ ' : ''}${m.users} user${m.users === 1 ? '' : 's'}${m.max_rate !== undefined ? `, ≤ ${m.max_rate} req/s` : ''}${staged}`;
}
