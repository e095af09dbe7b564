/**
 * The benchmark panel: suites, runs (started at once, 202), their status and result, cancel, history. What a
 * schema cannot check (the suite exists, its scenarios, a loopback URL unless allow_remote) bench/panel-runs.ts does.
 */
import { Type } from '@sinclair/typebox';
import type { BenchListResult, BenchRunView, BenchStartBody, BenchSuiteInfo } from '../bench/panel.js';
import { CAPS } from '../bench/suite.js';
import { closed, declare, named, stringEnum } from './declare.js';

/**
 * A live run ("run-N") or a stored one (the history's number). HTTP carries it as path text; over IPC the history's
 * number may arrive as a number (the panel passes `BenchRunSummary.id`), so both are accepted.
 */
const RUN_ID = Type.Union([
  Type.String({ pattern: '^(?:[1-9][0-9]{0,14}|run-[1-9][0-9]{0,8})$' }),
  Type.Integer({ minimum: 1, maximum: 999_999_999_999_999 }),
]);

// Header names are HTTP tokens; values never carry CR/LF.
const TARGET = closed(
  {
    kind: stringEnum(['embedded', 'url']),
    base_url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    headers: Type.Optional(
      Type.Unsafe<Record<string, string>>({
        type: 'object',
        maxProperties: 32,
        propertyNames: { pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$" },
        additionalProperties: { type: 'string', maxLength: 8192, pattern: '^[^\\r\\n]*$' },
      }),
    ),
    allow_remote: Type.Optional(Type.Boolean()),
  },
  { if: { properties: { kind: { const: 'url' } } }, then: { required: ['kind', 'base_url'] } },
);

const START_BODY = closed({
  suite: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,80}$' })),
  definition: Type.Optional(Type.Unsafe<Record<string, unknown>>({ type: 'object' })),
  quick: Type.Optional(Type.Boolean()),
  scenarios: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 200, uniqueItems: true })),
  target: Type.Optional(TARGET),
  // The suite's own caps (core/bench/suite.ts), so a run started here is bounded like one from a suite file.
  users: Type.Optional(Type.Integer({ minimum: 1, maximum: CAPS.users })),
  rate: Type.Optional(Type.Number({ minimum: 0.1, maximum: CAPS.rate })),
  duration_ms: Type.Optional(Type.Integer({ minimum: 50, maximum: CAPS.duration_ms })),
});

export const benchApi = {
  'bench.suites': declare({
    method: 'GET',
    path: '/api/bench/suites',
    cached: false,
    status: 200,
    summary: 'The benchmark suites and their scenarios.',
    input: closed({}),
    result: Type.Object({ items: Type.Array(named<BenchSuiteInfo>('BenchSuiteInfo')) }, { title: '{ items: BenchSuiteInfo[] }' }),
  }),
  'bench.start': declare({
    method: 'POST',
    path: '/api/bench/runs',
    cached: false,
    status: 202,
    summary: 'Start a run; follow it with bench.get or the bench-progress live events.',
    // The body's type is core/bench/panel.ts's BenchStartBody (the target a union by kind).
    input: closed({ body: Type.Optional(Type.Unsafe<BenchStartBody>(START_BODY)) }),
    result: Type.Object({ id: Type.String(), status: Type.Literal('running') }, { title: 'BenchStarted' }),
  }),
  'bench.list': declare({
    method: 'GET',
    path: '/api/bench/runs',
    cached: false,
    status: 200,
    summary: 'The runs, newest first.',
    input: closed({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
    result: named<BenchListResult>('BenchListResult'),
  }),
  'bench.get': declare({
    method: 'GET',
    path: '/api/bench/runs/:id',
    cached: false,
    status: 200,
    summary: 'A run: its state, progress and result.',
    input: closed({ id: RUN_ID }),
    result: named<BenchRunView>('BenchRunView'),
  }),
  'bench.cancel': declare({
    method: 'POST',
    path: '/api/bench/runs/:id/cancel',
    cached: false,
    status: 202,
    alsoStatus: [200],
    summary: 'Cancel a run: 202 when it was cancelled, 200 with its state when it had already ended.',
    input: closed({ id: RUN_ID }),
    result: named<BenchRunView>('BenchRunView'),
  }),
} as const;
