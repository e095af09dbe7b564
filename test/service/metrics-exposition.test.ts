/**
 * `/api/dashboard/metrics` must be valid Prometheus exposition by the rules scrapers and linters apply: every
 * metric has HELP and TYPE, and no gauge ends in `_total` (the counter suffix). Checked on the real server's
 * output, by hand and, where Debian's prometheus package is installed, by `promtool check metrics` itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaugeNameWithoutTotal } from '../../src-engine/service/common/metrics.js';
import { startFixture, type Fixture } from './helpers.js';

const PROMTOOL = '/usr/bin/promtool';
const HAS_PROMTOOL = existsSync(PROMTOOL);
if (!HAS_PROMTOOL)
  process.stdout.write(`${PROMTOOL} not found (Debian package prometheus): promtool check of /api/dashboard/metrics skipped\n`);

let f: Fixture;
let text: string;

beforeAll(async () => {
  f = await startFixture();
  // Traffic first, so the labelled request and cache series have samples to lint.
  expect((await f.get(`/api/dashboard/overview?company=${f.ids.a}`)).status).toBe(200);
  expect((await f.get(`/api/dashboard/overview?company=${f.ids.a}`)).status).toBe(200);
  const res = await f.get('/api/dashboard/metrics');
  expect(res.status).toBe(200);
  text = await res.text();
});
afterAll(() => f.close());

interface Family {
  help: boolean;
  type: string | null;
}

function families(exposition: string): Map<string, Family> {
  const out = new Map<string, Family>();
  const family = (name: string) => out.get(name) ?? out.set(name, { help: false, type: null }).get(name)!;
  for (const line of exposition.split('\n')) {
    const help = /^# HELP (\S+) \S/.exec(line);
    if (help) family(help[1]!).help = true;
    const type = /^# TYPE (\S+) (\w+)$/.exec(line);
    if (type) family(type[1]!).type = type[2]!;
  }
  return out;
}

describe('metrics exposition', () => {
  it('gives every metric HELP and TYPE, and no gauge the counter suffix _total', () => {
    const all = families(text);
    expect(all.size).toBeGreaterThan(20);
    for (const [name, fam] of all) {
      expect(fam.help, `${name} has HELP`).toBe(true);
      expect(fam.type, `${name} has TYPE`).not.toBeNull();
      if (fam.type !== 'counter') expect(name, `${fam.type} ${name}`).not.toMatch(/_total$/);
    }
    // Every sample line belongs to a declared family (histogram series carry _bucket/_sum/_count).
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)![0];
      expect(all.has(name) || all.has(name.replace(/_(bucket|sum|count)$/, '')), line).toBe(true);
    }
    // Counters keep their names; the renamed Node gauges are there under their new names.
    expect(all.get('kira_http_requests_total')?.type).toBe('counter');
    for (const old of ['kira_nodejs_active_handles_total', 'kira_nodejs_active_requests_total', 'kira_nodejs_active_resources_total']) {
      expect(all.has(old), old).toBe(false);
      expect(all.get(gaugeNameWithoutTotal(old))?.type, gaugeNameWithoutTotal(old)).toBe('gauge');
    }
    expect(gaugeNameWithoutTotal('kira_nodejs_active_handles_total')).toBe('kira_nodejs_active_handles_all');
  });

  it.skipIf(!HAS_PROMTOOL)('passes `promtool check metrics` with no finding', () => {
    const run = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
