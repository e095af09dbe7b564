/**
 * Where the desktop app keeps the books: Electron's per-user app data folder, or `KIRA_DATA_DIR` (tests, portable
 * installs, an accountant who keeps books on another disk). Pure: the caller passes `app.getPath('userData')`.
 */
import { isAbsolute, join, resolve } from 'node:path';

const DATABASE_FILE = 'kira.db';

export interface DataLocation {
  dir: string;
  dbPath: string;
  /** Where the folder choice came from, for the start-up error page and logs. */
  source: 'KIRA_DATA_DIR' | 'userData';
}

export function resolveDataLocation(env: Readonly<Record<string, string | undefined>>, userDataPath: string): DataLocation {
  const override = env.KIRA_DATA_DIR?.trim();
  // A relative override would depend on the launcher's working directory (a desktop shortcut's is arbitrary).
  const dir = override ? (isAbsolute(override) ? override : resolve(override)) : userDataPath;
  return { dir, dbPath: join(dir, DATABASE_FILE), source: override ? 'KIRA_DATA_DIR' : 'userData' };
}
