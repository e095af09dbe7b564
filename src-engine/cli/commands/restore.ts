/**
 * `kira restore --db PATH (--from FILE | --latest)`: put a verified backup in place of the database while
 * nothing has it open; the replaced file stays as PATH.before-restore-<UTC stamp>, never overwritten.
 */
import { UnprocessableError } from '../../core/errors.js';
import { listBackups, listReplaced, restoreDatabase, type BackupInfo } from '../../store/backup.js';
import { parseFlags, requireFlag, UsageError, type CliCommand } from '../command.js';

const USAGE = `Usage: kira restore --db PATH (--from FILE | --latest) [--list] [--json]

Replaces the database with a backup. The backup is verified first (integrity_check); the database must not be
open (stop kira serve / the app first); the replaced file is kept as PATH.before-restore-<UTC stamp>
(a new name each time: a second restore never overwrites what the first one kept).

Options:
  --db PATH     the database file to replace (required)
  --from FILE   the backup to restore
  --latest      the newest backup in backups/ beside the database
  --list        list the backups in backups/ and the files earlier restores kept, and exit
  --json        print the result as JSON`;

export const command: CliCommand = {
  name: 'restore',
  summary: 'replace a database with a verified backup (keeps the old file)',
  usage: USAGE,
  run(argv) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      from: { type: 'string' },
      latest: { type: 'boolean' },
      list: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const path = requireFlag(values.db, 'db');
    if (values.list) {
      const all = listBackups(path);
      const kept = listReplaced(path);
      const line = (b: BackupInfo) => `${new Date(b.at).toISOString()}  ${(b.bytes / 1048576).toFixed(1)} MiB  ${b.path}`;
      if (values.json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
      else {
        process.stdout.write(all.length ? all.map(line).join('\n') + '\n' : 'no backups\n');
        if (kept.length) process.stdout.write(`kept by earlier restores:\n${kept.map(line).join('\n')}\n`);
      }
      return 0;
    }
    if (Boolean(values.from) === Boolean(values.latest)) throw new UsageError('give exactly one of --from FILE or --latest');
    let from = values.from;
    if (values.latest) {
      const newest = listBackups(path)[0];
      if (!newest) throw new UnprocessableError(`no backups in the backups/ folder beside ${path}`, { db: path }, 'no_backup');
      from = newest.path;
    }
    const r = restoreDatabase(path, from!);
    if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else {
      process.stdout.write(`Restored ${r.db} from ${r.restored_from} (schema v${r.schema_version}, ${r.duration_ms} ms)\n`);
      if (r.replaced) process.stdout.write(`The replaced database was kept as ${r.replaced}\n`);
    }
    return 0;
  },
};
