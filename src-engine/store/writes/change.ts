import type { IsoDate } from '../../core/dates.js';
import type { ChangeEvent, ChangedTable } from '../changes.js';

/**
 * The event a write publishes: its raw tables (rollups follow them by definition, so `rollups` is left for
 * whole recalculations) and every date value it touched, old and new, deduplicated and sorted.
 */
export function changeOf(companyId: number, tables: ChangedTable[], dates: (IsoDate | null | undefined)[], rows = 1): ChangeEvent {
  const unique = [...new Set(dates.filter((d): d is IsoDate => typeof d === 'string'))].sort();
  return { companyId, tables: [...new Set(tables)], dates: unique, source: 'write', rows };
}
