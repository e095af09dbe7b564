/**
 * Backups and restore, one concern per file: backup-files.ts (where backups live, listing, verifying a file),
 * backup-take.ts (taking one with SQLite's online backup API, verified before it gets its name; retention),
 * backup-restore.ts (putting one in place, keeping the replaced file), backup-markers.ts (which process has the
 * database open), backup-schedule.ts (automatic backups). This module is their public face.
 */
export { backupDir, listBackups, newestBackup, verifyDatabaseFile, type BackupInfo } from './backup-files.js';
export { runningMarkers, writeRunningMarker } from './backup-markers.js';
export { beforeRestoreName, DatabaseInUseError, listReplaced, restoreDatabase } from './backup-restore.js';
export { startAutoBackup, type AutoBackupOptions } from './backup-schedule.js';
export { backupDatabase } from './backup-take.js';
