/**
 * `kira backup --db PATH [--out FILE]`: an online backup (SQLite backup API) that is safe while `kira serve` runs,
 * verified before it gets its final name. Without --out it goes to backups/ beside the database and the
 * retention policy prunes older ones.
 */
import { DEFAULT_RETENTION } from '../../core/retention.js';
import { backupDatabase } from '../../store/backup.js';
import { openDatabase } from '../../store/open.js';
import { existingDatabase, intFlag, parseFlags, requireFlag, type CliCommand } from '../command.js';

const USAGE = `Usage: kira backup --db PATH [--out FILE] [--keep-recent N] [--keep-daily N] [--keep-weekly N] [--json]

Copies the database with SQLite's online backup API (safe while Kira is running), then verifies the copy
(read-only open, integrity_check). Default target: backups/<name>-<UTC time>-manual.db beside the database.
Retention in backups/: the newest N backups (${DEFAULT_RETENTION.recent}), plus the newest of each of the last N days (${DEFAULT_RETENTION.daily})
and of each of the last N ISO weeks (${DEFAULT_RETENTION.weekly}) that have one; the rest are deleted. Not applied with --out.

Options:
  --db PATH        the database file (required)
  --out FILE       write the backup here instead
  --keep-recent N, --keep-daily N, --keep-weekly N   the retention numbers
  --json           print the result as JSON`;

export const command: CliCommand = {
  name: 'backup',
  summary: 'take a verified online backup of a database',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      out: { type: 'string' },
      'keep-recent': { type: 'string' },
      'keep-daily': { type: 'string' },
      'keep-weekly': { type: 'string' },
      json: { type: 'boolean' },
    });
    const path = requireFlag(values.db, 'db');
    existingDatabase(path);
    const retention = {
      recent: intFlag(values['keep-recent'], 'keep-recent', DEFAULT_RETENTION.recent, 1, 10_000),
      daily: intFlag(values['keep-daily'], 'keep-daily', DEFAULT_RETENTION.daily, 0, 10_000),
      weekly: intFlag(values['keep-weekly'], 'keep-weekly', DEFAULT_RETENTION.weekly, 0, 10_000),
    };
    const db = openDatabase(path, { readonly: true, migrate: false });
    try {
      // Another process may be writing: copy in one step (one read transaction) so its writes cannot restart the copy.
      const r = await backupDatabase(db, path, { out: values.out, reason: 'manual', retention, pagesPerStep: 0x7fffffff });
      if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        const mib = (r.bytes / 1048576).toFixed(1);
        process.stdout.write(`Backup written: ${r.path} (${mib} MiB, schema v${r.schema_version}, integrity ok, ${r.duration_ms} ms)\n`);
        if (r.pruned.length) process.stdout.write(`Retention removed ${r.pruned.length} older backup(s)\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
