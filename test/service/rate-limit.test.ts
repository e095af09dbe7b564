/** Per-client rate limit, and the benchmark token that is never charged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './helpers.js';

let f: Fixture;
// A bucket of 3 that refills one token every ~17 minutes: nothing refills during the test.
beforeAll(async () => {
  f = await startFixture({ rateLimit: { capacity: 3, perSecond: 0.001 }, warm: false });
});
afterAll(() => f.close());

describe('rate limit', () => {
  it('answers 429 with Retry-After once the bucket is empty, and lets the bench token through', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await f.get('/api/companies')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await f.get('/api/companies');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`${f.server.url}/api/companies`, { headers: { authorization: `Bearer ${f.server.benchToken}` } });
      expect(r.status).toBe(200);
    }
  });
});
