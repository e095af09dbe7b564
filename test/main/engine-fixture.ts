/** A real desktop engine on small demo books in a temp dir (real SQLite, real worker pool). */
import { todayIn } from '../../src-engine/core/dates.js';
import { ensureDemoDatabase } from '../../src-engine/data/index.js';
import { startDesktopEngine, type DesktopEngine } from '../../src-main/engine.js';
import { tempDir } from '../helpers/tmp.js';

export interface EngineFixture {
  engine: DesktopEngine;
  company: { id: number; time_zone: string };
  /** An expense dated the company's today: moves this month's figures, so the live view must update. */
  expenseToday(amount: number): { body: { company: number; body: Record<string, unknown> } };
  close(): Promise<void>;
}

export function startEngineFixture(opts: { httpRateLimit?: number; printPdf?: (html: string) => Promise<Buffer> } = {}): EngineFixture {
  const tmp = tempDir('kira-main-');
  const dbPath = tmp.path('kira.db');
  ensureDemoDatabase(dbPath, { companies: 1, expenses: 300, invoices: 60, seed: 7 });
  const engine = startDesktopEngine({ dbPath, demo: false, workers: 1, log: () => {}, ...opts });
  const company = engine.store.db.prepare('SELECT id, time_zone FROM companies ORDER BY id LIMIT 1').get() as {
    id: number;
    time_zone: string;
  };
  return {
    engine,
    company,
    expenseToday: (amount) => ({
      body: { company: company.id, body: { date: todayIn(company.time_zone), category: 'travel', description: 'taxi', amount } },
    }),
    async close() {
      await engine.close();
      tmp.cleanup();
    },
  };
}
