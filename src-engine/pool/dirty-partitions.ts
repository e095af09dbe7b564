/**
 * Which partitions a write made stale while the workers were computing. A partition is stale when a change
 * for the company touched its source rows after it was dispatched: its worker may or may not have seen the
 * write, so it is recomputed under the write lock. Matching uses the event's dates (old and new values of every
 * date field, per the change-feed contract), so one new expense re-reads one slice, not the whole table.
 */
import type { ChangeEvent } from '../store/changes.js';
import type { PlannedPartition } from './partition-plan.js';

function inRange(p: PlannedPartition, date: string): boolean {
  return (p.from === null || date >= p.from) && (p.to === null || date < p.to);
}

export function stalePartitions(plan: readonly PlannedPartition[], companyId: number, event: ChangeEvent): number[] {
  if (event.companyId !== companyId) return [];
  const all = plan.map((_, i) => i);
  if (event.source === 'restore' || event.tables.includes('companies')) return all;
  const stale = new Set<number>();
  plan.forEach((p, i) => {
    const touchesSlice = (table: 'expenses' | 'invoices') =>
      p.source === table && event.tables.includes(table) && (event.dates.length === 0 || event.dates.some((d) => inRange(p, d)));
    // Client rows appear in every task computing client_totals (invoice slices and the people task).
    const touchesPeople = p.source !== 'expenses' && event.tables.includes('clients');
    const touchesQuotes = p.source === null && event.tables.includes('quotes');
    if (touchesSlice('expenses') || touchesSlice('invoices') || touchesPeople || touchesQuotes) stale.add(i);
  });
  return [...stale];
}
