/**
 * The suite file's published JSON Schema (`kira bench --print-schema`), for editors and CI linters. The
 * parser (suite.ts) is the authority and gives friendlier errors; test/bench/strict-suites.test.ts keeps the
 * two in agreement (the shipped suites validate, unknown keys are refused by both).
 */
import { SLO_KEYS } from './slo-spec.js';
import { CAPS } from './suite.js';

const num = (minimum: number, maximum: number) => ({ type: 'number', minimum, maximum });
const strings = { type: 'object', additionalProperties: { type: ['string', 'number'] } };
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});

const request = closed(
  {
    method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'get', 'post', 'put', 'patch', 'delete', 'head'] },
    path: { type: 'string', pattern: '^/' },
    query: strings,
    headers: strings,
    body: { description: "a JSON value (sent as application/json) or a string (sent as is); {{today}} becomes today's date" },
    expect_status: { oneOf: [num(100, 599), { type: 'array', items: num(100, 599), minItems: 1 }] },
  },
  ['path'],
);

const budget = closed({
  mean_ms: num(0, Number.MAX_SAFE_INTEGER),
  p50_ms: num(0, Number.MAX_SAFE_INTEGER),
  p95_ms: num(0, Number.MAX_SAFE_INTEGER),
  p99_ms: num(0, Number.MAX_SAFE_INTEGER),
  max_ms: num(0, Number.MAX_SAFE_INTEGER),
  min_success_rate: num(0, Number.MAX_SAFE_INTEGER),
  min_throughput: num(0, Number.MAX_SAFE_INTEGER),
  min_grade: { type: 'string', enum: ['A+', 'A', 'B', 'C', 'D'] },
});

const slo = closed(
  Object.fromEntries(SLO_KEYS.map((k) => [k, k === 'min_apdex' ? num(0, 1) : k === 'error_rate_pct' ? num(0, 100) : num(0, 600_000)])),
);

const scenarioProps = {
  description: { type: 'string' },
  type: { type: 'string', enum: ['endpoint', 'paired', 'push'], default: 'endpoint' },
  request,
  model: closed({ type: { type: 'string', enum: ['closed', 'open'] }, users: num(1, CAPS.users), rate: num(0.1, CAPS.rate) }),
  duration_s: num(0.05, CAPS.duration_ms / 1000),
  count: num(1, CAPS.max_requests),
  warmup: {
    oneOf: [num(0, CAPS.max_requests), closed({ requests: num(0, CAPS.max_requests), duration_s: num(0, CAPS.duration_ms / 1000) })],
  },
  class: { type: 'string', enum: ['standard', 'realtime', 'health'] },
  budget,
  slo,
  timeout_ms: num(1, 600_000),
  variants: { type: 'array', minItems: 2, maxItems: 2, items: closed({ label: { type: 'string' }, headers: strings }, ['label']) },
  stream: closed({ path: { type: 'string' }, event: { type: 'string' }, headers: strings }, ['path', 'event']),
  write: request,
  cleanup: request,
  event_timeout_ms: num(1, 60_000),
  checks: { $ref: '#/$defs/checks' },
  think_ms: num(0, 60_000),
  tags: { $ref: '#/$defs/tags' },
  data: {
    description: 'one row per iteration as {{column}}: a CSV file (read by kira bench, relative to the suite) or rows inline',
    oneOf: [closed({ file: { type: 'string' } }, ['file']), closed({ rows: { type: 'array', minItems: 1, items: strings } }, ['rows'])],
  },
  steps: {
    type: 'array',
    minItems: 1,
    maxItems: 50,
    items: closed(
      {
        name: { type: 'string', pattern: '^[A-Za-z0-9_.@-]{1,60}$' },
        request,
        extract: {
          type: 'object',
          additionalProperties: { type: 'string', pattern: '^(/.*)?$' },
          description: 'var → JSON pointer into the answer',
        },
        checks: { $ref: '#/$defs/checks' },
        think_ms: num(0, 60_000),
        tags: { $ref: '#/$defs/tags' },
      },
      ['request'],
    ),
  },
  stages: {
    type: 'array',
    minItems: 1,
    maxItems: 100,
    description: 'ramped linearly from the previous stage (the first from 0); all users stages (closed) or all rate stages (open)',
    items: {
      oneOf: [
        closed({ duration_s: num(0.05, CAPS.duration_ms / 1000), users: num(0, CAPS.users) }, ['duration_s', 'users']),
        closed({ duration_s: num(0.05, CAPS.duration_ms / 1000), rate: num(0, CAPS.rate) }, ['duration_s', 'rate']),
      ],
    },
  },
};

export const SUITE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://kira.local/schemas/bench-suite.json',
  title: 'Kira benchmark suite',
  type: 'object',
  additionalProperties: false,
  required: ['scenarios'],
  $defs: {
    checks: {
      type: 'array',
      maxItems: 50,
      items: {
        oneOf: [
          closed({ status: num(100, 599) }, ['status']),
          closed({ pointer: { type: 'string' }, equals: {} }, ['pointer', 'equals']),
          closed({ header: { type: 'string' }, matches: { type: 'string' } }, ['header', 'matches']),
          closed({ body_matches: { type: 'string' } }, ['body_matches']),
        ],
      },
    },
    tags: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9_.:@-]{1,60}$' } },
  },
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    defaults: closed({
      ...Object.fromEntries(
        Object.entries(scenarioProps).filter(([k]) => !['description', 'stages', 'steps', 'data', 'checks', 'tags'].includes(k)),
      ),
      warmup_requests: num(0, CAPS.max_requests),
    }),
    scenarios: {
      type: 'array',
      minItems: 1,
      items: closed({ name: { type: 'string', pattern: '^[A-Za-z0-9_.@-]{1,80}$' }, ...scenarioProps }, ['name']),
    },
  },
} as const;
