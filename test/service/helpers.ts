/**
 * Shared set-up for the service tests: a real SQLite file in a temp dir with two companies and a few rows
 * (written through triggers, as every writer does), a real server on 127.0.0.1:0, and raw HTTP helpers.
 */
import http from 'node:http';
import { tempDir } from '../helpers/tmp.js';
import { Store } from '../../src-engine/store/store.js';
import type { ChangeEvent } from '../../src-engine/store/changes.js';
import { startServer, type RunningServer, type StartOptions } from '../../src-engine/service/root/server.js';

/** Fixed instant: 2024-03-20 in Kuala Lumpur, so "month to date" is 2024-03-01..2024-03-20. */
export const NOW = new Date('2024-03-20T04:00:00Z');

function seed(path: string): { a: number; b: number } {
  const store = Store.open(path);
  try {
    const db = store.db;
    const company = db.prepare("INSERT INTO companies (name, created_at) VALUES (?, '2024-01-01T00:00:00Z') RETURNING id");
    const a = (company.get('Alpha Sdn Bhd') as { id: number }).id;
    const b = (company.get('Beta Trading') as { id: number }).id;
    const client = db.prepare("INSERT INTO clients (company_id, name, created_date) VALUES (?, ?, '2024-01-05') RETURNING id");
    client.get(a, 'Alpha Client One');
    client.get(b, 'Beta Secret Client');
    addExpense(store, a, '2024-03-05', 10_000);
    addExpense(store, b, '2024-03-06', 77_700);
    return { a, b };
  } finally {
    store.close();
  }
}

/** A write the way the write API makes one: one transaction, then the ChangeEvent. */
export function addExpense(store: Store, companyId: number, date: string, amount: number): void {
  store.write(() => {
    store.db
      .prepare("INSERT INTO expenses (company_id, date, category, description, amount, reimbursable) VALUES (?, ?, 'travel', 'taxi', ?, 0)")
      .run(companyId, date, amount);
    const change: ChangeEvent = { companyId, tables: ['expenses'], dates: [date], source: 'write', rows: 1 };
    return { result: undefined, change };
  });
}

export interface Fixture {
  server: RunningServer;
  ids: { a: number; b: number };
  dir: ReturnType<typeof tempDir>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startFixture(opts: Partial<StartOptions> = {}): Promise<Fixture> {
  const dir = tempDir('kira-service-');
  const dbPath = dir.path('kira.db');
  const ids = seed(dbPath);
  const server = await startServer({ dbPath, workers: 0, now: () => NOW, rendererDir: dir.path('no-renderer'), ...opts });
  return {
    server,
    ids,
    dir,
    get: (path, headers = {}) => fetch(server.url + path, { headers: { authorization: `Bearer ${server.token}`, ...headers } }),
    async close() {
      await server.close();
      dir.cleanup();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request over a raw socket, with exactly the headers given (fetch will not let a test spoof Host). */
export function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
