/**
 * `kira bench`: load-tests the embedded engine (--db) or any HTTP API (--target), prints progress on stderr
 * and the graded table on stdout, writes JSON/Markdown/CSV reports, stores the run in the history database,
 * and exits 1 when a budget fails so CI can gate on it.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseProfile, SEED_PROFILE, type BudgetProfile } from '../../core/bench/budget.js';
import { compareRuns } from '../../core/bench/compare.js';
import { renderComparison, renderCsv, renderMarkdown, renderText } from '../../core/bench/report.js';
import { isLoopback } from '../../core/bench/panel.js';
import { parseSuite, resolveSuite } from '../../core/bench/suite.js';
import type { BenchResult, ProgressEvent, Suite, Target } from '../../core/bench/types.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { incomparable, regressionLines, renderRegressions } from '../../core/bench/regression.js';
import { JsonSyntaxError, parseJsonText } from '../../core/bench/json-text.js';
import { SUITE_SCHEMA } from '../../core/bench/suite-schema.js';
import { renderJunit, renderSummary } from '../../core/bench/ci-formats.js';
import { renderHtml } from '../../core/bench/html-report.js';
import { oneLineSuite } from '../../core/bench/one-line.js';
import { datasetCounts } from '../../bench/dataset.js';
import { benchErrors } from '../../bench/errors.js';
import { BenchHistory, defaultHistoryPath } from '../../bench/history.js';
import { packageRoot } from '../../bench/paths.js';
import { runSuite } from '../../bench/runner.js';
import { startServer } from '../../service/root/server.js';
import { existingDatabase, intFlag, parseFlags, UsageError, type CliCommand } from '../command.js';

const USAGE = `Usage: kira bench URL [-c N] [-d S] [-r RATE] [-m METHOD] [-H "Name: value"]... [-b BODY | --body-file F]
       kira bench [--db PATH [--demo] | --target URL [--header "Name: value"]...] [options]
       kira bench --print-schema

One endpoint, wrk-style (URL with path and query):
  -c, --connections N keep-alive connections (default 10)
  -d, --duration S    seconds (default 10; also 500ms, 10s, 1m)
  -r, --rate R        open model at R req/s (default: closed model)
  -m, --method M      HTTP method (default GET)
  -H, --header H:V    request header (repeatable)
  -b, --body TEXT     request body (JSON is sent as application/json)
  --body-file F       request body from a file
  Any 2xx or 3xx answer counts as success.

Targets (one of):
  --db PATH           start Kira's service on this database and benchmark it (the default suite's target)
  --demo              with --db: create a demo database there first if the file does not exist
  --target URL        any HTTP API (base URL); loopback unless --allow-remote
  --header H:V        header added to every request (repeatable), e.g. "Authorization: Bearer …"
  --allow-remote      allow a non-loopback target (load is capped: ≤ 8 users, ≤ 50 req/s, ≤ 30 s)

Run:
  --suite FILE        suite JSON (default bench/suites/default.json)
  --scenario NAME     run only this scenario (repeatable or comma-separated)
  -d, --duration S    seconds per duration-bounded scenario
  -c, --connections N virtual users (keep-alive connections) per scenario
  -r, --rate R        open model at R req/s (latency from the intended send time)
  --print-schema      print the suite file's JSON Schema and exit (suites are strict: unknown keys are errors)
  --quick             short runs for CI (0.7 s per scenario, 5 per counted scenario)
  --threads N         load generators (child processes) sharing each scenario's load: endpoint, scripted,
                      staged and paired; push stays on one (≤ 8; default: chosen per heavy scenario from a
                      short calibration run at its peak, up to the cores available)

Reports and gates:
  --json OUT  --markdown OUT  --csv OUT
  --junit OUT         JUnit XML: a testsuite per run, a testcase per scenario (failed gates, budgets, SLOs as failures)
  --summary OUT       compact Markdown for a CI step summary (e.g. --summary "$GITHUB_STEP_SUMMARY")
  --html OUT          self-contained HTML report (charts inline, no network)
  --budget FILE       budget profile (e.g. bench/budgets/ci.json); a failed budget exits 1
  --min-success PCT   every scenario must reach this success rate (default 99; errors fail a run); 0 turns it off
  --history PATH      history database (default: the --db database, else $KIRA_DATA_DIR/kira.db or ~/.local/share/kira/kira.db)
  --no-history        do not store the run
  --compare RUN_ID    compare with a stored run: per-scenario deltas and whether each exceeds the noise
                      (an unknown RUN_ID exits 2 before any load is sent)
  --fail-on-regression PCT
                      with --compare: exit 1 when a scenario's p50, p99 or throughput is worse by more than
                      PCT percent and more than the noise of the runs' time slices; another target or quick
                      setting than the stored run's is refused (exit 2)

Exit codes: 0 ok, 1 a gate, budget or SLO failed or the run could not complete, 2 usage error.`;

export { isLoopback };

/** A suite or budget file that cannot be used: one concise line (where and what), exit 2, no usage text. */
class SuiteFileError extends UsageError {
  override readonly showUsage = false;
}

/** wrk-style durations: "10", "10s", "500ms", "1m". */
export function parseDuration(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim());
  const seconds = m ? Number(m[1]) * (m[2] === 'ms' ? 0.001 : m[2] === 'm' ? 60 : 1) : NaN;
  if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 300)
    throw new UsageError(`--duration must be from 0.05 to 300 seconds (e.g. 10, 10s, 500ms, 1m), got "${v}"`);
  return seconds;
}

function parseHeaders(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of list ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header must be "Name: value", got "${h}"`);
    out[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return out;
}

/** `data: { file }` of scripted scenarios: the CSV (header row = column names), read relative to the suite file. */
function inlineDataFiles(suite: unknown, suitePath: string): unknown {
  const scenarios = (suite as { scenarios?: unknown } | null)?.scenarios;
  if (!Array.isArray(scenarios)) return suite;
  for (const [i, sc] of scenarios.entries()) {
    const data = (sc as { data?: unknown } | null)?.data as { file?: unknown; rows?: unknown } | undefined;
    if (!data || typeof data !== 'object' || typeof data.file !== 'string' || data.rows !== undefined) continue;
    const file = resolve(dirname(suitePath), data.file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new SuiteFileError(
        `suite ${suitePath}: scenarios[${i}].data.file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    try {
      data.rows = parseCsv<Record<string, string>>(text, { columns: true, skip_empty_lines: true, bom: true });
    } catch (e) {
      throw new SuiteFileError(`suite ${suitePath}: scenarios[${i}].data.file ${file}: ${(e as Error).message}`);
    }
  }
  return suite;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SuiteFileError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseJsonText(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new SuiteFileError(`${what} ${path}: ${e.message}`);
    throw e;
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
      const tail =
        e.phase === 'skipped'
          ? 'skipped'
          : `${e.requests} requests, ${e.errors} errors, p50 ${e.p50_ms ?? '—'} ms, p99 ${e.p99_ms ?? '—'} ms`;
      stream.write(`${tty ? '\r\x1b[2K' : ''}${head}: ${tail}\n`);
    } else if (tty) {
      stream.write(
        `\r\x1b[2K${head} ${e.phase} ${(e.elapsed_ms / 1000).toFixed(1)} s, ${e.requests} req, p50 ${e.p50_ms?.toFixed(2) ?? '—'} ms, p99 ${e.p99_ms?.toFixed(2) ?? '—'} ms`,
      );
    }
  };
}

export const command: CliCommand = {
  name: 'bench',
  summary: 'load-test the dashboard endpoints (or any HTTP API) and grade them',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseFlags(
      argv,
      {
        db: { type: 'string' },
        demo: { type: 'boolean' },
        target: { type: 'string' },
        header: { type: 'string', multiple: true, short: 'H' },
        method: { type: 'string', short: 'm' },
        body: { type: 'string', short: 'b' },
        'body-file': { type: 'string' },
        'print-schema': { type: 'boolean' },
        'allow-remote': { type: 'boolean' },
        suite: { type: 'string' },
        scenario: { type: 'string', multiple: true },
        duration: { type: 'string', short: 'd' },
        connections: { type: 'string', short: 'c' },
        rate: { type: 'string', short: 'r' },
        quick: { type: 'boolean' },
        json: { type: 'string' },
        markdown: { type: 'string' },
        csv: { type: 'string' },
        junit: { type: 'string' },
        summary: { type: 'string' },
        html: { type: 'string' },
        budget: { type: 'string' },
        history: { type: 'string' },
        'no-history': { type: 'boolean' },
        compare: { type: 'string' },
        'min-success': { type: 'string' },
        'fail-on-regression': { type: 'string' },
        threads: { type: 'string' },
      },
      true,
    );
    if (values['print-schema']) {
      process.stdout.write(JSON.stringify(SUITE_SCHEMA, null, 2) + '\n');
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`give one URL, got ${positionals.length}: ${positionals.join(' ')}`);
    const oneLine = positionals[0];
    if (oneLine !== undefined) {
      if (values.target !== undefined || values.db !== undefined || values.suite !== undefined)
        throw new UsageError('the one-line form (kira bench URL) takes no --target, --db or --suite');
      values.target = oneLine;
    } else if (values.method !== undefined || values.body !== undefined || values['body-file'] !== undefined) {
      throw new UsageError('-m, -b and --body-file belong to the one-line form: kira bench URL -m POST -b BODY');
    }
    if (values.body !== undefined && values['body-file'] !== undefined) throw new UsageError('give -b BODY or --body-file F, not both');
    if ((values.db === undefined) === (values.target === undefined))
      throw new UsageError('give a URL, or exactly one of --db PATH or --target URL');
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
      if (targetUrl.username || targetUrl.password)
        throw new UsageError('the URL must not carry credentials; send them with -H "Authorization: …"');
      if (!isLoopback(targetUrl) && !values['allow-remote'])
        throw new UsageError(`--target ${targetUrl.host} is not this machine; add --allow-remote to benchmark it (load is then capped)`);
    }
    const remote = targetUrl !== null && !isLoopback(targetUrl);
    const suitePath = values.suite ?? join(packageRoot(), 'bench', 'suites', 'default.json');
    const compareId = values.compare === undefined ? undefined : intFlag(values.compare, 'compare', 0, 1);
    let profile: BudgetProfile = SEED_PROFILE;
    let profileName: string | null = null;
    if (values.budget !== undefined) {
      const budgetPath = values.budget;
      try {
        profile = parseProfile(readJson(budgetPath, 'budget file'), basename(budgetPath, '.json'));
      } catch (e) {
        if (e instanceof ValidationError) throw new SuiteFileError(`budget file ${budgetPath}: ${e.message}`);
        throw e;
      }
      profileName = profile.name;
    }
    const durationS = parseDuration(values.duration);
    const rate = floatFlag(values.rate, 'rate', 0.1, 100_000);
    const minSuccess = floatFlag(values['min-success'], 'min-success', 0, 100);
    let suite: Suite;
    let suiteJson: unknown;
    let suiteLabel = `suite ${suitePath}`;
    if (oneLine !== undefined && targetUrl) {
      const method = (values.method ?? 'GET').toUpperCase();
      let body = values.body;
      if (values['body-file'] !== undefined) {
        try {
          body = readFileSync(values['body-file'], 'utf8');
        } catch (e) {
          throw new SuiteFileError(
            `cannot read --body-file ${values['body-file']}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
          );
        }
      }
      suiteJson = oneLineSuite({ url: targetUrl, method, body, headers: parseHeaders(values.header) });
      suiteLabel = 'the one-line request';
    } else suiteJson = inlineDataFiles(readJson(suitePath, 'suite'), suitePath);
    try {
      suite = resolveSuite(parseSuite(suiteJson, basename(suitePath, '.json')), {
        only: values.scenario
          ?.flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter((s) => s !== ''),
        quick: values.quick ?? false,
        ...(durationS !== undefined ? { duration_ms: durationS * 1000 } : {}),
        ...(values.connections !== undefined ? { users: intFlag(values.connections, 'connections', 1, 1, 1000) } : {}),
        ...(rate !== undefined ? { rate } : {}),
        remote,
      });
    } catch (e) {
      // --scenario names are flags (usage); everything else is about the suite's content: one line, no usage text.
      if (e instanceof ValidationError)
        throw String(e.details.field ?? '').startsWith('--')
          ? new UsageError(e.message)
          : new SuiteFileError(`${suiteLabel}: ${e.message}`);
      throw e;
    }

    const historyPath = values['no-history'] ? null : (values.history ?? values.db ?? defaultHistoryPath());
    if (compareId !== undefined && historyPath === null) throw new UsageError('--compare needs the history (drop --no-history)');
    const failPct = floatFlag(values['fail-on-regression'], 'fail-on-regression', 0, 1000);
    if (failPct !== undefined && compareId === undefined) throw new UsageError('--fail-on-regression needs --compare RUN_ID');
    // The stored run is read before any load is sent: an unknown id or an incomparable run costs nothing.
    let baseRun: BenchResult | null = null;
    if (compareId !== undefined && historyPath !== null) {
      const history = BenchHistory.open(historyPath);
      try {
        baseRun = history.get(compareId);
      } catch (e) {
        if (e instanceof NotFoundError) throw new SuiteFileError(`--compare ${compareId}: no such run in ${historyPath}`);
        throw e;
      } finally {
        history.close();
      }
      const label = values.db !== undefined ? `embedded: ${basename(values.db)}` : (targetUrl as URL).host;
      const why = incomparable(baseRun, { target_label: label, quick: values.quick ?? false });
      if (why.length > 0 && failPct !== undefined) throw new SuiteFileError(`--compare ${compareId} refused: ${why.join('; ')}`);
      for (const w of why) process.stderr.write(`kira bench: warning: comparison with run ${compareId} is not like for like: ${w}\n`);
    }

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
        ? {
            base_url: server.url,
            headers: { authorization: `Bearer ${server.benchToken}` },
            label: `embedded: ${basename(values.db ?? '')}`,
            remote: false,
          }
        : {
            base_url: oneLine !== undefined ? `${(targetUrl as URL).origin}/` : (targetUrl as URL).href,
            headers: parseHeaders(values.header),
            label: (targetUrl as URL).host,
            remote,
          };
      process.stderr.write(
        `kira bench: suite ${suite.name} (${suite.scenarios.length} scenarios) → ${target.label}${values.quick ? ', quick' : ''}\n`,
      );
      result = await runSuite(suite, target, {
        generator: 'process',
        signal: controller.signal,
        onProgress: progressPrinter(),
        profile,
        profileName,
        quick: values.quick ?? false,
        dataset: server ? datasetCounts(server.store.db) : null,
        ...(minSuccess !== undefined ? { minSuccess } : {}),
        ...(values.threads !== undefined ? { threads: intFlag(values.threads, 'threads', 1, 1, 8) } : {}),
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
      await server?.close();
    }

    process.stdout.write(renderText(result));
    if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2) + '\n');
    if (values.markdown) writeFileSync(values.markdown, renderMarkdown(result));
    if (values.csv) writeFileSync(values.csv, renderCsv(result));
    if (values.junit) writeFileSync(values.junit, renderJunit(result));
    // A CI step summary file is appended to: other steps write there too.
    if (values.summary) appendFileSync(values.summary, renderSummary(result));
    if (values.html) writeFileSync(values.html, renderHtml(result));
    let regressed = false;
    if (historyPath !== null) {
      const history = BenchHistory.open(historyPath);
      try {
        const runId = history.save(result);
        process.stdout.write(`\nStored as run ${runId} in ${historyPath}.\n`);
        if (compareId !== undefined && baseRun) {
          process.stdout.write('\n' + renderComparison(compareId, runId, compareRuns(baseRun, result)));
          if (failPct !== undefined) {
            const lines = regressionLines(baseRun, result, failPct);
            process.stdout.write('\n' + renderRegressions(lines, failPct));
            regressed = lines.some((l) => l.regressed);
          }
        }
      } finally {
        history.close();
      }
    }
    if (result.aborted) throw benchErrors.cancelled();
    return result.pass === false || regressed || result.budgets.some((b) => !b.pass) ? 1 : 0;
  },
};
