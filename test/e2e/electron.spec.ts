/**
 * The desktop app end to end, driven through Playwright's `_electron`. Runs only where the Electron binary is
 * installed; elsewhere the whole file is skipped with one line giving the reason (test/helpers/electron-binary.ts).
 * Needs `npm run build` (the app loads dist/ and dist-renderer/).
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadHostResolves, electronBinary } from '../helpers/electron-binary.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const found = electronBinary(join(ROOT, 'node_modules', 'electron'), process.env, () => downloadHostResolves(process.env));
const binary = 'path' in found ? found.path : null;
const SKIP_REASON = 'missing' in found ? `Electron end-to-end tests skipped: ${found.missing}` : '';
test.skip(!binary, SKIP_REASON);
// The list reporter shows skipped titles but not the reason: say it once, from the runner process only.
if (!binary && !process.env.TEST_WORKER_INDEX) process.stdout.write(`${SKIP_REASON}\n`);

interface Bridge {
  invoke(name: string, input?: unknown): Promise<{ status: number; body: unknown }>;
}
interface Overview {
  expenses: { value: number };
  company: { id: number };
}

function smallBooks(dir: string): void {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'kira.js'), 'demo', '--db', join(dir, 'kira.db'), '--companies', '1', '--expenses', '400', '--invoices', '80'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`kira demo failed: ${r.stderr}`);
}

async function launch(dataDir: string): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    executablePath: binary!,
    args: [ROOT],
    env: { ...process.env, KIRA_DATA_DIR: dataDir, ELECTRON_ENABLE_LOGGING: '1' },
  });
  return { app, page: await app.firstWindow() };
}

function invoke<T>(page: Page, name: string, input: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(([n, i]) => (window as unknown as { kira: Bridge }).kira.invoke(n, i), [name, input] as const) as Promise<{
    status: number;
    body: T;
  }>;
}

test.describe('Kira desktop', () => {
  let dataDir: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kira-electron-'));
    smallBooks(dataDir);
    ({ app, page } = await launch(dataDir));
    await expect(page.getByTestId('tile-revenue')).toBeVisible({ timeout: 30_000 });
  });

  test.afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('launches from app:// into a page with only the typed bridge and no Node', async () => {
    expect(page.url()).toMatch(/^app:\/\/kira\//);
    const surface = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { kira: object }).kira).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(surface).toEqual({ keys: ['invoke', 'onLive', 'subscribe', 'transport'], require: 'undefined', process: 'undefined' });
  });

  test("the dashboard shows the engine's numbers, and a write updates it live", async () => {
    const company =
      Number(
        await page
          .getByTestId('company-select')
          .inputValue()
          .catch(() => '1'),
      ) || 1;
    const range = (await page.getByTestId('range-text').textContent())?.split(' – ') ?? [];
    const query = { company, from: range[0], to: range[1] };
    const before = await invoke<Overview>(page, 'dashboard.overview', query);
    expect(before.status).toBe(200);
    await expect.poll(() => page.getByTestId('tile-expenses').getAttribute('data-value')).toBe(String(before.body.expenses.value));

    const today = range[1];
    const created = await invoke(page, 'expenses.create', {
      company,
      body: { date: today, category: 'travel', description: 'e2e taxi', amount: 4_321_00 },
    });
    expect(created.status).toBe(201);
    // No reload, no click: the live event alone must bring the new figure.
    await expect
      .poll(() => page.getByTestId('tile-expenses').getAttribute('data-value'), { timeout: 10_000 })
      .toBe(String(before.body.expenses.value + 4_321_00));
  });

  test('the menu opens the benchmark panel, and a quick run reports grades', async () => {
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('benchmark')?.click());
    await expect(page.getByTestId('bench-run')).toBeVisible();
    await page.getByTestId('bench-suite').selectOption('quick');
    await page.getByTestId('bench-duration').fill('1');
    await page.getByTestId('bench-run').click();
    await expect(page.getByTestId('bench-results')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('bench-grade').first()).toHaveText(/^(A\+|A|B|C|D)$/);
  });

  test('navigation away and new windows are refused', async () => {
    await page.evaluate(() => {
      window.open('file:///etc/passwd');
      window.location.href = 'https://example.com/';
    });
    await expect.poll(() => app.windows().length).toBe(1);
    expect(page.url()).toMatch(/^app:\/\/kira\//);
  });
});

test('a database from a newer Kira shows what to do instead of a blank window', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kira-electron-newer-'));
  const db = new BetterSqlite3(join(dir, 'kira.db'));
  db.pragma('user_version = 9999');
  db.close();
  const { app, page } = await launch(dir);
  try {
    await expect(page.getByRole('heading')).toContainText('newer version of Kira');
    await expect(page.locator('main')).toHaveAttribute('data-problem', 'schema-too-new');
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
