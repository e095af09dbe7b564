/**
 * A start-up failure becomes a page that says what happened and what to do, never a blank window. Pure: the
 * caller shows `startupErrorUrl(...)` in a window (a data: URL needs no file on disk and no protocol handler).
 */
import { SchemaTooNewError } from '../src-engine/store/migrate.js';
import { DatabaseCorruptError } from '../src-engine/store/startup.js';
import { errorMessage } from '../src-engine/core/errors.js';

export type StartupProblem = 'locked' | 'schema-too-new' | 'corrupt' | 'not-writable' | 'unknown';

export interface StartupReport {
  problem: StartupProblem;
  title: string;
  /** What the user can do about it, one step per entry. */
  steps: string[];
  /** The underlying message, shown small for a support request. */
  detail: string;
}

function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function classifyStartupError(e: unknown, dbPath: string): StartupReport {
  const detail = errorMessage(e);
  const code = sqliteCode(e) ?? '';
  if (e instanceof SchemaTooNewError) {
    return {
      problem: 'schema-too-new',
      title: 'These books were saved by a newer version of Kira',
      steps: ['Install the latest Kira and open the books with it.', `Or restore a backup made by this version in place of ${dbPath}.`],
      detail,
    };
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return {
      problem: 'locked',
      title: 'The books are in use by another program',
      steps: ['Close other Kira windows and any `kira serve` or `kira import` still running on these books.', 'Then start Kira again.'],
      detail,
    };
  }
  if (
    e instanceof DatabaseCorruptError ||
    code === 'SQLITE_CORRUPT' ||
    code === 'SQLITE_NOTADB' ||
    /malformed|not a database/i.test(detail)
  ) {
    // The start-up check names the newest backup beside the database when there is one.
    const restore = e instanceof DatabaseCorruptError ? (e.details.restore as string | undefined) : undefined;
    return {
      problem: 'corrupt',
      title: 'The books file is damaged or is not a Kira database',
      steps: [
        `Move ${dbPath} aside (keep it: it may still be recoverable).`,
        restore
          ? `Restore your latest backup to that place (\`${restore}\`), or start Kira without it to get fresh demo books.`
          : 'Restore your latest backup to that place, or start Kira without it to get fresh demo books.',
      ],
      detail,
    };
  }
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY')
  ) {
    return {
      problem: 'not-writable',
      title: 'Kira cannot write to its data folder',
      steps: [`Check that your user may write to the folder of ${dbPath}.`, 'Or set KIRA_DATA_DIR to a folder you can write to.'],
      detail,
    };
  }
  return {
    problem: 'unknown',
    title: 'Kira could not start',
    steps: ['Start Kira again.', 'If it keeps failing, send the message below to support.'],
    detail,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function startupErrorHtml(r: StartupReport): string {
  const steps = r.steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Kira could not start</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:40rem;padding:0 1rem;color:#222}
h1{font-size:1.3rem}pre{white-space:pre-wrap;background:#f4f4f4;padding:.75rem;font-size:12px}
@media (prefers-color-scheme:dark){body{background:#1e1e1e;color:#ddd}pre{background:#2a2a2a}}</style></head>
<body><main data-problem="${r.problem}"><h1>${escapeHtml(r.title)}</h1><p>What to do:</p><ol>${steps}</ol>
<p>Details:</p><pre>${escapeHtml(r.detail)}</pre></main></body></html>`;
}

/** The page as a data: URL; a strict CSP inside the page itself, since no response header can carry one. */
export function startupErrorUrl(r: StartupReport): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(startupErrorHtml(r))}`;
}
