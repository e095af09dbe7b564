import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src-engine/service/root/server.js';
import { tempDir } from '../helpers/tmp.js';

let running: RunningServer | undefined;
const tmp = tempDir('kira-live-svc-');
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('the live stream served by startServer by default', () => {
  it('streams the aggregate over SSE and counts the subscriber in /metrics', async () => {
    running = await startServer({ dbPath: tmp.path('kira.db'), port: 0, workers: 0, warm: false });
    const live = running.live!;
    running.store.db
      .prepare("INSERT INTO companies (name, currency, time_zone, created_at) VALUES ('A', 'MYR', 'UTC', '2024-01-01')")
      .run();
    const { url, token } = running;
    const first = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${url}/api/dashboard/streaming/aggregate`,
        { headers: { authorization: `Bearer ${token}` }, agent: false },
        (res) => {
          res.setEncoding('utf8');
          let buf = '';
          res.on('data', (c: string) => {
            buf += c;
            if (buf.includes('event: aggregate')) resolve(buf);
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(first).toContain('retry: ');
    expect(first).toContain('event: aggregate');
    expect(live.subscriberCount('sse')).toBe(1);
    const metrics = await fetch(`${url}/api/dashboard/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(await metrics.text()).toMatch(/kira_live_subscribers\{transport="sse"\} 1/);
  });
});
