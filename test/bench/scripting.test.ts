/**
 * Scenario scripting (issue 15.3): steps run in order by every virtual user, `extract` feeds `{{vars}}` to later
 * steps, a CSV data file feeds one row per iteration, checks on status/header/pointer/body count failures like
 * errors, tags group metrics. Exact counts against a test server that requires the extracted token.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUITE_SCHEMA } from '../../src-engine/core/bench/suite-schema.js';
import { parseSuite } from '../../src-engine/core/bench/suite.js';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { fill, pointer } from '../../src-engine/bench/thread/script-runner.js';
import { tempDir } from '../helpers/tmp.js';
import { kiraBench } from './helpers/kira-cli.js';
import { answerLogin, listenWithBody, type TestServer } from './helpers/servers.js';

const tmp = tempDir('kira-bench-script-');
let api: TestServer;
let logins = 0;
const gets: string[] = [];
let unauthorised = 0;

beforeAll(async () => {
  api = await listenWithBody((req, res, body) => {
    if (req.method === 'POST' && req.url === '/login') {
      logins++;
      return void answerLogin(body, res);
    }
    const m = /^\/items\/(\d+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && m) {
      if (req.headers.authorization !== 'Bearer t-ana') {
        unauthorised++;
        return void res.writeHead(401).end();
      }
      gets.push(m[1] as string);
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: Number(m[1]), total: 3 }));
    }
    res.writeHead(404).end();
  });
  writeFileSync(tmp.path('ids.csv'), 'id,label\n7,seven\n8,eight\n9,nine\n');
});
afterAll(async () => {
  await api.close();
  tmp.cleanup();
});

const suite = (equals: number) => ({
  name: 'scripted',
  scenarios: [
    {
      name: 'flow',
      count: 30,
      data: { file: 'ids.csv' },
      tags: ['api'],
      steps: [
        { name: 'login', request: { method: 'POST', path: '/login', body: { user: 'ana' } }, extract: { token: '/token' }, think_ms: 1 },
        {
          name: 'item',
          request: { path: '/items/{{id}}', headers: { authorization: 'Bearer {{token}}' } },
          checks: [
            { status: 200 },
            { pointer: '/total', equals },
            { header: 'content-type', matches: 'json' },
            { body_matches: '"id":\\d+' },
          ],
          tags: ['reads'],
        },
      ],
    },
  ],
});

async function run(equals: number): Promise<{ code: number | null; result: BenchResult; out: string }> {
  writeFileSync(tmp.path('suite.json'), JSON.stringify(suite(equals)));
  const r = await kiraBench(['--target', api.url, '--suite', tmp.path('suite.json'), '--no-history', '--json', tmp.path('r.json')]);
  return { code: r.code, out: r.stdout + r.stderr, result: JSON.parse(readFileSync(tmp.path('r.json'), 'utf8')) as BenchResult };
}

describe('scripted scenarios', () => {
  it('logs in, uses the extracted token, walks the data rows, and passes its checks', async () => {
    const { code, result, out } = await run(3);
    expect(code, out).toBe(0);
    const s = result.scenarios[0]!;
    // 30 requests = 15 iterations of two steps, one user.
    expect(s.requests).toBe(30);
    expect(logins).toBe(15);
    expect(unauthorised).toBe(0);
    expect(gets).toEqual(Array.from({ length: 15 }, (_, i) => ['7', '8', '9'][i % 3]));
    expect(s.check_failures).toBe(0);
    expect(s.success_rate).toBe(100);
    expect(Object.keys(s.tags ?? {}).sort()).toEqual(['api', 'reads', 'step:item', 'step:login']);
    expect(s.tags?.api?.requests).toBe(30);
    expect(s.tags?.reads?.requests).toBe(15);
    expect(s.tags?.['step:login']?.requests).toBe(15);
    expect(out).toContain('Checks flow: 0 failed');
  });

  it('counts failed checks like errors and fails the run', async () => {
    logins = 0;
    gets.length = 0;
    const { code, result } = await run(4);
    const s = result.scenarios[0]!;
    expect(s.requests).toBe(30);
    expect(s.check_failures).toBe(15);
    expect(s.errors.status).toBe(15);
    expect(s.success_rate).toBe(50);
    expect(s.tags?.['step:item']?.error_total).toBe(15);
    expect(s.tags?.['step:login']?.error_total).toBe(0);
    expect(code).toBe(1);
  });

  it('parses scripts strictly, and the schema agrees', () => {
    const validate = new Ajv2020({ strict: false }).compile(SUITE_SCHEMA);
    const ok = suite(3);
    expect(validate(ok), JSON.stringify(validate.errors)).toBe(true);
    // Without the CLI the file is not read: the rows must be inline.
    expect(() => parseSuite(ok)).toThrow('data file is read by kira bench (CLI)');
    const inline = { scenarios: [{ ...ok.scenarios[0], data: { rows: [{ id: '1' }] } }] };
    expect(() => parseSuite(inline)).not.toThrow();
    const bad = (patch: Record<string, unknown>) => () => parseSuite({ scenarios: [{ ...inline.scenarios[0], ...patch }] });
    // The open model and stages take scripts too (test/bench/scripted-open.test.ts runs them).
    expect(bad({ model: { type: 'open', rate: 5 } })).not.toThrow();
    expect(bad({ count: undefined, stages: [{ duration_s: 1, rate: 5 }] })).not.toThrow();
    expect(bad({ steps: [{ request: { path: '/' }, checks: [{ status: 200, pointer: '/a' }] }] })).toThrow('must be { status } or');
    expect(bad({ steps: [{ request: { path: '/' }, extract: { t: 'token' } }] })).toThrow('must be a JSON pointer');
    expect(bad({ steps: [{ request: { path: '/' }, chekcs: [] }] })).toThrow('did you mean checks?');
    expect(fill('/a/{{id}}/{{missing}}', { id: '7' })).toBe('/a/7/{{missing}}');
    expect(pointer({ a: [{ 'b/c': 1 }] }, '/a/0/b~1c')).toBe(1);
  });
});
