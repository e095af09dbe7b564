/**
 * The dashboard figures: one synchronous function per view, `(db, resolvedParams) => result`, reading only
 * rollup tables (plus companies/clients for names). Resolve parameters first with `resolveParams`; the
 * resolved object (which includes the company's `today`) is a complete cache key.
 */
import type { Database } from 'better-sqlite3';
import { breakdown } from './breakdown.js';
import { clients } from './clients.js';
import { exportRows } from './export.js';
import { kpis } from './kpis.js';
import { overview } from './overview.js';
import { projections } from './projections.js';
import { realtimeAggregate } from './realtime.js';
import { stats } from './stats.js';
import { trends } from './trends.js';
import type { ParamsByView, ResultByView, ViewName } from '../core/views/types.js';

export { resolveParams } from './params.js';
export { realtimeAggregate };

export type View<V extends ViewName> = (db: Database, p: ParamsByView[V]) => ResultByView[V];

/** Every view by name (the service's handler registry maps endpoints onto these). */
const VIEWS: { [V in ViewName]: View<V> } = {
  overview,
  stats,
  trends,
  breakdown,
  kpis,
  clients,
  projections,
  realtimeAggregate,
  export: exportRows,
};

/** Run a view by name with already-resolved params. */
export function runView<V extends ViewName>(db: Database, view: V, p: ParamsByView[V]): ResultByView[V] {
  return (VIEWS[view] as View<V>)(db, p);
}
