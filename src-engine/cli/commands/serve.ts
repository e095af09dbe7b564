/** `kira serve`: the dashboard service on 127.0.0.1 until SIGINT/SIGTERM. */
import { existingDatabase, intFlag, parseFlags, requireFlag, UsageError, type CliCommand } from '../command.js';
import { startServer } from '../../service/root/server.js';
import { ensureDemoDatabase } from '../../data/ensure-demo.js';
import { backupDir } from '../../store/backup.js';
import { listCompaniesWithCounts } from '../../store/reads/companies.js';
import { startReport } from '../start-report.js';

const USAGE = `Usage: kira serve --db PATH [--port N] [--token T] [--demo] [--rate-limit N] [--backup-every HOURS] [--no-backup]

Serves the dashboard API (and the built renderer, when dist-renderer/ exists) on 127.0.0.1 only.
  --db PATH     SQLite database file (must exist, unless --demo)
  --port N      port (default: a free one)
  --token T     bearer token (default: a random one per launch; at least 16 characters)
  --demo        create demo books first if PATH does not exist
  --rate-limit N   at most N requests a second with the token (default: no cap; requests without a valid
                token are always limited per address)
  --backup-every HOURS   automatic backup into backups/ beside the database (default 24; 0 = no timer)
  --no-backup   no automatic backups (neither the timer nor the one taken at a clean shutdown)
Prints the URL to open once, with the token in its #fragment (never sent to the server or its logs).`;

export const command: CliCommand = {
  name: 'serve',
  summary: 'serve the dashboard API and page on 127.0.0.1',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      demo: { type: 'boolean' },
      'rate-limit': { type: 'string' },
      'backup-every': { type: 'string' },
      'no-backup': { type: 'boolean' },
    });
    const rateLimit = intFlag(values['rate-limit'], 'rate-limit', 0, 0, 1_000_000);
    const everyHours = intFlag(values['backup-every'], 'backup-every', 24, 0, 24 * 365);
    const dbPath = requireFlag(values.db, 'db');
    // Every flag is checked before anything touches the disk: a refused start creates no database and no backup.
    if (values.token !== undefined && values.token.length < 16) throw new UsageError('--token must have at least 16 characters');
    const port = intFlag(values.port, 'port', 0, 0, 65535);
    // Only --demo creates books; serving a mistyped path must not start an empty database beside the real one.
    if (values.demo !== true) existingDatabase(dbPath);
    // Created here rather than by the engine so that the first start can say that it created them.
    const createdDemo = values.demo === true && ensureDemoDatabase(dbPath);
    const server = await startServer({
      dbPath,
      port,
      token: values.token,
      demo: false,
      ...(rateLimit > 0 ? { httpRateLimit: rateLimit } : {}),
      backup: values['no-backup'] ? false : { intervalMs: everyHours * 3_600_000, onShutdown: true },
    });
    process.stdout.write(
      startReport({
        dbPath,
        createdDemo,
        companies: listCompaniesWithCounts(server.store.db),
        backupDir: values['no-backup'] ? null : backupDir(dbPath),
        backupEveryHours: everyHours,
        openUrl: `${server.url}/#token=${server.token}`,
      }),
    );
    await untilStopped();
    const slow = setTimeout(() => process.stderr.write(`kira serve: still shutting down after 10 s; open: ${openResources()}\n`), 10_000);
    slow.unref();
    await server.close();
    clearTimeout(slow);
    // The books are closed and the final backup taken. Whatever still holds the event loop now (a client's
    // keep-alive socket, a thread slow to stop) must not keep the process alive: name it, then exit.
    setTimeout(() => {
      process.stderr.write(`kira serve: stopped; still open after ${EXIT_GRACE_MS / 1000} s: ${openResources()}: exiting\n`);
      process.exit(0);
    }, EXIT_GRACE_MS).unref();
    return 0;
  },
};

/** How long a stopped server may wait for its event loop to empty by itself before it exits anyway. */
const EXIT_GRACE_MS = 3_000;

/** What keeps the process alive (timers, sockets, threads), for the shutdown messages. */
function openResources(): string {
  const open = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
  return open.length ? open.join(', ') : 'nothing';
}

/** A repeat of the signal this soon after the first is the same Ctrl+C arriving again, not a second press. */
const REPEAT_MS = 2_000;

/**
 * Resolves on the first SIGINT/SIGTERM; the clean shutdown (final backup, database closed) then runs. Ctrl+C in a
 * terminal signals the whole process group, and `npm start` forwards it as well, so the same press arrives two or
 * three times: those repeats are ignored. A later press means "now": exit at once, without the final backup.
 */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    let first = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      const now = Date.now();
      if (first === 0) {
        first = now;
        resolve();
      } else if (now - first > REPEAT_MS) {
        process.stderr.write(`kira serve: ${signal} again: stopping now, without the final backup\n`);
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
