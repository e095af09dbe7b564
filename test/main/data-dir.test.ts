import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataLocation } from '../../src-main/data-dir.js';

describe('data directory', () => {
  it("uses Electron's per-user app data folder by default", () => {
    expect(resolveDataLocation({}, '/home/ann/.config/Kira')).toEqual({
      dir: '/home/ann/.config/Kira',
      dbPath: join('/home/ann/.config/Kira', 'kira.db'),
      source: 'userData',
    });
    expect(resolveDataLocation({ KIRA_DATA_DIR: '  ' }, '/u').source).toBe('userData');
  });

  it('honours KIRA_DATA_DIR, made absolute', () => {
    expect(resolveDataLocation({ KIRA_DATA_DIR: '/mnt/books' }, '/u')).toMatchObject({
      dir: '/mnt/books',
      dbPath: join('/mnt/books', 'kira.db'),
      source: 'KIRA_DATA_DIR',
    });
    expect(resolveDataLocation({ KIRA_DATA_DIR: 'books' }, '/u').dir).toBe(resolve('books'));
  });
});
