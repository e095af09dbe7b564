/**
 * What the built page may not carry: Node-only libraries that reach it through a pure core module. The histogram
 * library (hdr-histogram-js, with pako) uses direct `eval`, which the page's Content-Security-Policy forbids and
 * which doubles the benchmark panel's chunk; it once arrived through the SLO check that suite validation imported.
 * `npm test` builds the page first; without a build this is one clear skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ASSETS = join(import.meta.dirname, '..', '..', 'dist-renderer', 'assets');
const BUILT = existsSync(ASSETS);

describe('the built page', () => {
  it.skipIf(!BUILT)('bundles neither the HDR histogram library nor pako (build the page first: npm run build:renderer)', () => {
    const offenders = readdirSync(ASSETS)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /hdrhistogram|HdrHistogram|pako/.test(readFileSync(join(ASSETS, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it.skipIf(!BUILT)('plans requests without TypeBox or the schemas (the route table is core/api/routes.ts)', () => {
    const offenders = readdirSync(ASSETS)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /TypeBox|\[Kind\]|maxProperties/.test(readFileSync(join(ASSETS, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
