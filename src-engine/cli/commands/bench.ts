/**
 * `kira bench`: load-tests the embedded engine (--db) or any HTTP API (--target), prints progress on stderr
 * and the graded table on stdout, writes JSON/Markdown/CSV reports, stores the run in the history database,
 * and exits 1 when a budget fails so CI can gate on it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseProfile, SEED_PROFILE, type BudgetProfile } from '../../core/bench/budget.js';
import { compareRuns } from '../../core/bench/compare.js';
import { renderComparison, renderCsv, renderMarkdown, renderText } from '../../core/bench/report.js';
import { isLoopback } from '../../core/bench/panel.js';
import { parseSuite, resolveSuite } from '../../core/bench/suite.js';
import type { BenchResult, ProgressEvent, Suite, Target } from '../../core/bench/types.js';
import { KiraError, ValidationError } from '../../core/errors.js';
import { datasetCounts } from '../../bench/dataset.js';
import { BenchHistory, defaultHistoryPath } from '../../bench/history.js';
import { packageRoot } from '../../bench/paths.js';
import { runSuite } from '../../bench/runner.js';
import { startServer } from '../../service/server.js';
import { existingDatabase, intFlag, parseFlags, UsageError, type CliCommand } from '../command.js';

const USAGE = `Usage: kira bench [--db PATH [--demo] | --target URL [--header "Name: value"]...] [options]

Targets (one of):
  --db PATH           start Kira's service on this database and benchmark it (the default suite's target)
  --demo              with --db: create a demo database there first if the file does not exist
  --target URL        any HTTP API (base URL); loopback unless --allow-remote
  --header H:V        header added to every request (repeatable), e.g. "Authorization: Bearer …"
  --allow-remote      allow a non-loopback target (load is capped: ≤ 8 users, ≤ 50 req/s, ≤ 30 s)

Run:
  --suite FILE        suite JSON (default bench/suites/default.json)
  --scenario NAME     run only this scenario (repeatable or comma-separated)
  --duration S        seconds per duration-bounded scenario
  --connections N     virtual users (keep-alive connections) per scenario
  --rate R            open model at R req/s (latency from the intended send time)
  --quick             short runs for CI (0.7 s per scenario, 5 per counted scenario)

Reports and gates:
  --json OUT  --markdown OUT  --csv OUT
  --budget FILE       budget profile (e.g. bench/budgets/ci.json); a failed budget exits 1
  --min-success PCT   every scenario must reach this success rate (default 99; errors fail a run); 0 turns it off
  --history PATH      history database (default: the --db database, else $KIRA_DATA_DIR/kira.db or ~/.local/share/kira/kira.db)
  --no-history        do not store the run
  --compare RUN_ID    compare with a stored run: per-scenario deltas and whether each exceeds the noise

Exit codes: 0 ok, 1 a gate, budget or SLO failed or the run could not complete, 2 usage error.`;

export { isLoopback };

function parseHeaders(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header must be "Name: value", got "${h}"`);
    out[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return out;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function floatFlag(v: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${flag} must be a number from ${min} to ${max}`);
  return n;
}

/** stderr progress: a redrawn line on a terminal, one line per finished scenario everywhere. */
function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (e: ProgressEvent) => void {
  const tty = stream.isTTY === true;
  return (e) => {
    const head = `[${e.index + 1}/${e.total}] ${e.scenario}`;
    if (e.phase === 'done' || e.phase === 'skipped') {
      const tail = e.phase === 'skipped' ? 'skipped' : `${e.requests} requests, ${e.errors} errors, p50 ${e.p50_ms ?? '—'} ms, p99 ${e.p99_ms ?? '—'} ms`;
      stream.write(`${tty ? '\r\x1b[2K' : ''}${head}: ${tail}\n`);
    } else if (tty) {
      stream.write(`\r\x1b[2K${head} ${e.phase} ${(e.elapsed_ms / 1000).toFixed(1)} s, ${e.requests} req, p50 ${e.p50_ms?.toFixed(2) ?? '—'} ms, p99 ${e.p99_ms?.toFixed(2) ?? '—'} ms`);
    }
  };
}

export const command: CliCommand = {
  name: 'bench',
  summary: 'load-test the dashboard endpoints (or any HTTP API) and grade them',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      demo: { type: 'boolean' },
      target: { type: 'string' },
      header: { type: 'string', multiple: true },
      'allow-remote': { type: 'boolean' },
      suite: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      duration: { type: 'string' },
      connections: { type: 'string' },
      rate: { type: 'string' },
      quick: { type: 'boolean' },
      json: { type: 'string' },
      markdown: { type: 'string' },
      csv: { type: 'string' },
      budget: { type: 'string' },
      history: { type: 'string' },
      'no-history': { type: 'boolean' },
      compare: { type: 'string' },
      'min-success': { type: 'string' },
    });
    if ((values.db === undefined) === (values.target === undefined)) throw new UsageError('give exactly one of --db PATH or --target URL');
    if (values.demo && values.db === undefined) throw new UsageError('--demo needs --db');
    // Without --demo the books must exist: benchmarking a mistyped path would create an empty database.
    if (values.db !== undefined && !values.demo) existingDatabase(values.db);
    let targetUrl: URL | null = null;
    if (values.target !== undefined) {
      try {
        targetUrl = new URL(values.target);
      } catch {
        throw new UsageError(`--target is not a URL: ${values.target}`);
      }
      if (targetUrl.protocol !== 'http:' && targetUrl.protocol !== 'https:') throw new UsageError('--target must be an http(s) URL');
      if (!isLoopback(targetUrl) && !values['allow-remote'])
        throw new UsageError(`--target ${targetUrl.host} is not this machine; add --allow-remote to benchmark it (load is then capped)`);
    }
    const remote = targetUrl !== null && !isLoopback(targetUrl);
    const suitePath = values.suite ?? join(packageRoot(), 'bench', 'suites', 'default.json');
    const compareId = values.compare === undefined ? undefined : intFlag(values.compare, 'compare', 0, 1);
    let profile: BudgetProfile = SEED_PROFILE;
    let profileName: string | null = null;
    if (values.budget !== undefined) {
      profile = parseProfile(readJson(values.budget, 'budget file'), basename(values.budget, '.json'));
      profileName = profile.name;
    }
    const durationS = floatFlag(values.duration, 'duration', 0.05, 300);
    const rate = floatFlag(values.rate, 'rate', 0.1, 100_000);
    const minSuccess = floatFlag(values['min-success'], 'min-success', 0, 100);
    let suite: Suite;
    try {
      suite = resolveSuite(parseSuite(readJson(suitePath, 'suite'), basename(suitePath, '.json')), {
        only: values.scenario?.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== ''),
        quick: values.quick ?? false,
        ...(durationS !== undefined ? { duration_ms: durationS * 1000 } : {}),
        ...(values.connections !== undefined ? { users: intFlag(values.connections, 'connections', 1, 1, 1000) } : {}),
        ...(rate !== undefined ? { rate } : {}),
        remote,
      });
    } catch (e) {
      if (e instanceof ValidationError) throw new UsageError(e.message);
      throw e;
    }

    const historyPath = values['no-history'] ? null : (values.history ?? values.db ?? defaultHistoryPath());
    if (compareId !== undefined && historyPath === null) throw new UsageError('--compare needs the history (drop --no-history)');

    const controller = new AbortController();
    const onSigint = () => {
      process.stderr.write('\nkira bench: cancelling (reporting what was measured)…\n');
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    const server = values.db !== undefined ? await startServer({ dbPath: values.db, demo: values.demo ?? false }) : null;
    let result: BenchResult;
    try {
      const target: Target = server
        ? { base_url: server.url, headers: { authorization: `Bearer ${server.benchToken}` }, label: `embedded: ${basename(values.db ?? '')}`, remote: false }
        : { base_url: (targetUrl as URL).href, headers: parseHeaders(values.header), label: (targetUrl as URL).host, remote };
      process.stderr.write(`kira bench: suite ${suite.name} (${suite.scenarios.length} scenarios) → ${target.label}${values.quick ? ', quick' : ''}\n`);
      result = await runSuite(suite, target, {
        generator: 'process',
        signal: controller.signal,
        onProgress: progressPrinter(),
        profile,
        profileName,
        quick: values.quick ?? false,
        dataset: server ? datasetCounts(server.store.db) : null,
        ...(minSuccess !== undefined ? { minSuccess } : {}),
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
      await server?.close();
    }

    process.stdout.write(renderText(result));
    if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2) + '\n');
    if (values.markdown) writeFileSync(values.markdown, renderMarkdown(result));
    if (values.csv) writeFileSync(values.csv, renderCsv(result));
    if (historyPath !== null) {
      const history = BenchHistory.open(historyPath);
      try {
        const runId = history.save(result);
        process.stdout.write(`\nStored as run ${runId} in ${historyPath}.\n`);
        if (compareId !== undefined) process.stdout.write('\n' + renderComparison(compareId, runId, compareRuns(history.get(compareId), result)));
      } finally {
        history.close();
      }
    }
    if (result.aborted) throw new KiraError(1, 'cancelled', 'the run was cancelled; the report holds what was measured');
    return result.pass === false || result.budgets.some((b) => !b.pass) ? 1 : 0;
  },
};
