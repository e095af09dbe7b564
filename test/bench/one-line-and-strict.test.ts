/**
 * The one-line form (`kira bench URL -c -d -r -m -H -b`, issue 15.1) and strict suites (15.2): unknown keys
 * name the nearest known one, JSON syntax errors give line and column, messages are one line without the
 * usage text, and the published JSON Schema agrees with the parser.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstJsonError, lineColumn, parseJsonText } from '../../src-engine/core/bench/json-text.js';
import { nearest } from '../../src-engine/core/bench/known-keys.js';
import { parseSuite } from '../../src-engine/core/bench/suite.js';
import type { BenchResult } from '../../src-engine/core/bench/types.js';
import { tempDir } from '../helpers/tmp.js';
import { kiraBench } from './helpers/kira-cli.js';
import { listen, type TestServer } from './helpers/servers.js';

const tmp = tempDir('kira-bench-oneline-');
let api: TestServer;
const seen: { method: string; url: string; type: string; key: string; body: string }[] = [];

beforeAll(async () => {
  api = await listen((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        type: req.headers['content-type'] ?? '',
        key: String(req.headers['x-key'] ?? ''),
        body,
      });
      res.writeHead(req.url === '/missing' ? 404 : 201, { 'content-length': 2 }).end('ok');
    });
  });
});
afterAll(async () => {
  await api.close();
  tmp.cleanup();
});

describe('kira bench URL (one line, wrk-style)', () => {
  it('sends the method, path and query, headers and JSON body it was given', async () => {
    const r = await kiraBench([
      `${api.url}/items?x=1`,
      '-c',
      '2',
      '-d',
      '300ms',
      '-m',
      'post',
      '-H',
      'X-Key: k1',
      '-b',
      '{"a":1}',
      '--no-history',
      '--json',
      tmp.path('one.json'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(tmp.path('one.json'), 'utf8')) as BenchResult;
    expect(result.scenarios).toHaveLength(1);
    const s = result.scenarios[0]!;
    expect(s).toMatchObject({ name: 'post_items', method: 'POST', path: '/items?x=1', model: 'closed, 2 users', success_rate: 100 });
    expect(s.requests).toBeGreaterThan(0);
    // Warm-up included: every request the server saw was this one.
    expect(seen.length).toBe(s.requests + (s.warmup?.requests ?? 0));
    expect(new Set(seen.map((x) => JSON.stringify([x.method, x.url, x.type, x.key, x.body])))).toEqual(
      new Set([JSON.stringify(['POST', '/items?x=1', 'application/json', 'k1', '{"a":1}'])]),
    );
  });

  it('counts a non-2xx/3xx answer as a failure (and the run fails on it)', async () => {
    const r = await kiraBench([`${api.url}/missing`, '-c', '1', '-d', '0.2', '--no-history']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL get_missing: 0%, needs success ≥ 99%/);
  });

  it('refuses mixed forms and bad flags with exit 2', async () => {
    // The child's stderr rides along in each message: exit 1 instead of 2 is how a CLI that could not even load
    // shows up (seen when dist/ was being rebuilt beside the test), and the message then says so.
    for (const args of [
      [api.url, '--target', api.url],
      ['--target', api.url, '-b', 'x'],
      [api.url, '-d', '10 minutes'],
    ]) {
      const r = await kiraBench(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
    }
    const remote = await kiraBench(['http://192.0.2.1:9/x']);
    expect(remote.code, remote.stderr).toBe(2);
    expect(remote.stderr).toContain('--allow-remote');
  });
});

describe('strict suites', () => {
  const run = (suite: string) => {
    writeFileSync(tmp.path('s.json'), suite);
    return kiraBench(['--target', api.url, '--suite', tmp.path('s.json'), '--no-history']);
  };

  it('names an unknown key and the nearest known one, in one line without the usage text', async () => {
    const typos: [unknown, string][] = [
      [
        { scenarios: [{ name: 'a', request: { path: '/', expect_stauts: [200] } }] },
        'scenarios[0].request.expect_stauts is not a known key; did you mean expect_status?',
      ],
      [
        { scenarios: [{ name: 'a', request: { path: '/' }, budgett: { mean_ms: 1 } }] },
        'scenarios[0].budgett is not a known key; did you mean budget?',
      ],
      [
        { scenarios: [{ name: 'a', request: { path: '/' }, budget: { mean_msx: 1 } }] },
        'scenarios[0].budget.mean_msx is not a known key; did you mean mean_ms?',
      ],
      [
        { scenarios: [{ name: 'a', request: { path: '/' }, model: { type: 'open', rat: 5 } }] },
        'scenarios[0].model.rat is not a known key; did you mean rate?',
      ],
      [
        { defaults: { duraton_s: 1 }, scenarios: [{ name: 'a', request: { path: '/' } }] },
        'defaults.duraton_s is not a known key; did you mean duration_s?',
      ],
      [
        { scenarios: [{ name: 'a', request: { path: '/' }, slo: { p99: 5 } }] },
        'scenarios[0].slo.p99 is not a known key; did you mean p99_ms?',
      ],
    ];
    for (const [suite, message] of typos) {
      const r = await run(JSON.stringify(suite));
      expect(r.code, `${message}\n${r.stderr}`).toBe(2);
      expect(r.stderr.trim(), message).toBe(`kira bench: suite ${tmp.path('s.json')}: ${message}`);
    }
    expect(seen.filter((x) => x.url === '/')).toHaveLength(0);
  });

  it('gives line and column for JSON syntax errors', async () => {
    const r = await run('{\n  "scenarios": [\n    { "name": "a", "request": { "path": "/" }, }\n  ]\n}\n');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim()).toBe(`kira bench: suite ${tmp.path('s.json')}: line 3, column 48: trailing comma before }`);
    expect(firstJsonError('{"a": 1 "b": 2}')).toEqual({ offset: 8, reason: "expected ',' or '}' after a value, found '\"'" });
    expect(lineColumn('a\nbc\nd', 4)).toEqual({ line: 2, column: 3 });
    expect(() => parseJsonText('[1,\n 2,\n x]')).toThrow("line 3, column 2: unexpected 'x'");
    expect(parseJsonText('{"a":[1,2,{"b":null}]}')).toEqual({ a: [1, 2, { b: null }] });
    expect(nearest('checks', ['request', 'model', 'budget'])).toBeNull();
  });

  it('prints a JSON Schema that accepts the shipped suites and refuses what the parser refuses', async () => {
    const r = await kiraBench(['--print-schema']);
    expect(r.code, r.stderr).toBe(0);
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(r.stdout) as object);
    const dir = join(import.meta.dirname, '..', '..', 'bench', 'suites');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const suite = JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
      expect(validate(suite), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(() => parseSuite(suite)).not.toThrow();
    }
    const typo = { scenarios: [{ name: 'a', request: { path: '/', expect_stauts: [200] } }] };
    expect(validate(typo)).toBe(false);
    expect(() => parseSuite(typo)).toThrow('did you mean expect_status?');
  });
});
