/**
 * Compile-time proof that the renderer's calls are typed by the engine's contract (core/api): `npm run typecheck`
 * checks this file with the renderer's settings (src-renderer/tsconfig.json). A result field the engine does not
 * declare, an input field it does not take, or a client whose result type drifts from `ApiResult` fails the
 * typecheck. Nothing here runs; the functions are exported only so they count as used.
 */
import type { ApiInput, ApiResult, HandlerName, LiveEventName, LivePayload } from '../../src-engine/core/api/index.js';
import type { BenchLiveEvent } from '../../src-engine/core/bench/panel.js';
import type { RecalculationProgress } from '../../src-engine/core/recalculation.js';
import type { RealtimeResult } from '../../src-engine/core/views/types.js';
import type { BenchRunsOptions } from '../../src-engine/bench/panel-runs.js';
import type { NAVIGATE_EVENT, NavigableView } from '../../src-main/menu.js';
import type { BridgeEvent, KiraBridge, NavigateView } from '../../src-renderer/src/client/bridge.js';
import type { BatchOutcomes, BatchRequest, KiraClient, Reply } from '../../src-renderer/src/client/client.js';
import type { LiveArgs, LiveListener } from '../../src-renderer/src/client/types.js';

/** Exact equality (not mutual assignability): `any` or an extra optional field makes it false. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type Resolved<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

declare const client: KiraClient;

export type ResultsAreTheEngines = [
  // call() by name: exactly the engine's result type, with no type argument at the call site.
  Expect<Equal<Resolved<typeof client.call<'dashboard.overview'>>, ApiResult<'dashboard.overview'>>>,
  Expect<Equal<Resolved<typeof client.call<'import.statement'>>, ApiResult<'import.statement'>>>,
  // and what call() accepts is exactly the engine's input type.
  Expect<Equal<Parameters<typeof client.call<'dashboard.overview'>>[1], ApiInput<'dashboard.overview'>>>,
  // The thin wrappers the views use answer the same types.
  Expect<Equal<Resolved<KiraClient['overview']>, ApiResult<'dashboard.overview'>>>,
  Expect<Equal<Resolved<KiraClient['listInvoices']>, ApiResult<'invoices.list'>>>,
  Expect<Equal<Resolved<KiraClient['aging']>, ApiResult<'reports.aging'>>>,
  Expect<Equal<Resolved<KiraClient['benchGet']>, ApiResult<'bench.get'>>>,
  // An upload's success carries the import handler's result, its refusal the ApiError.
  Expect<Equal<Resolved<KiraClient['importCsv']>, Reply<'import.expenses'> | Reply<'import.invoices'>>>,
  Expect<Equal<Extract<Reply<'import.preview'>, { ok: true }>['value'], ApiResult<'import.preview'>>>,
  // The preload's bridge takes the registry's names.
  Expect<Equal<Parameters<KiraBridge['invoke']>[0], HandlerName>>,
  // The menu's navigate message (src-main/menu.ts) is the one the bridge declares.
  Expect<Equal<NavigableView, NavigateView>>,
  Expect<Equal<Extract<BridgeEvent, typeof NAVIGATE_EVENT>, typeof NAVIGATE_EVENT>>,
];

/** A batch slot's value: the result of its request's view. */
type SlotValue<R extends readonly BatchRequest[], I extends number> = Extract<BatchOutcomes<R>[I], { ok: true }>['value'];

export type BatchSlotsAreTheirViews = [
  Expect<Equal<SlotValue<[{ view: 'overview' }, { view: 'trends' }], 0>, ApiResult<'dashboard.overview'>>>,
  Expect<Equal<SlotValue<[{ view: 'overview' }, { view: 'trends' }], 1>, ApiResult<'dashboard.trends'>>>,
];

export async function readsBatchSlotsByView(): Promise<number> {
  const [overview, trends] = await client.batch(1, [{ view: 'overview' }, { view: 'trends' }]);
  if (!overview.ok || !trends.ok) return 0;
  // @ts-expect-error -- slot 0 is the overview, which has no trend buckets
  void overview.value.buckets;
  return overview.value.net_profit.value + trends.value.buckets.length;
}

/** The payload a live listener receives with event E. */
type ListenerData<E extends LiveEventName> = Extract<LiveArgs, [E, unknown]>[1];

export type LiveEventsAreTheEngines = [
  // The renderer's live listener gets exactly the contract's payload per event name...
  Expect<Equal<ListenerData<'aggregate'>, LivePayload<'aggregate'>>>,
  Expect<Equal<ListenerData<'alert'>, LivePayload<'alert'>>>,
  Expect<Equal<ListenerData<'recalculate-progress'>, LivePayload<'recalculate-progress'>>>,
  Expect<Equal<ListenerData<'import-progress'>, LivePayload<'import-progress'>>>,
  Expect<Equal<ListenerData<'bench-progress'>, LivePayload<'bench-progress'>>>,
  // ...which is what the engine computes and sends.
  Expect<Equal<LivePayload<'aggregate'>, RealtimeResult>>,
  Expect<Equal<LivePayload<'recalculate-progress'>, RecalculationProgress>>,
  Expect<Equal<Parameters<BenchRunsOptions['publish']>[0], BenchLiveEvent>>,
  Expect<Equal<LivePayload<'bench-progress'>, BenchLiveEvent>>,
];

export const readsOnlyDeclaredLiveFields: LiveListener = (event, data) => {
  if (event === 'aggregate') {
    // @ts-expect-error -- the aggregate has no `revenue` at top level (its figures are under `metrics`)
    void data.revenue;
    void data.alerts.length;
  } else if (event === 'recalculate-progress') {
    // @ts-expect-error -- recalculation progress names its step `phase`, not `stage`
    void data.stage;
    void data.phase;
  }
};

export async function readsOnlyDeclaredFields(): Promise<number> {
  const o = await client.call('dashboard.overview', { company: 1, from: '2024-01-01', to: '2024-01-31' });
  // @ts-expect-error -- the overview has no `profit` field (it is `net_profit`)
  void o.profit;
  // @ts-expect-error -- a Figure's value is integer minor units, not text
  const text: string = o.revenue.value;
  void text;
  return o.net_profit.value + o.expenses.value;
}

export async function sendsOnlyDeclaredInput(): Promise<void> {
  // @ts-expect-error -- `company_id` is not an input of the overview (it is `company`)
  await client.call('dashboard.overview', { company_id: 1 });
  // @ts-expect-error -- `basis` is one of the engine's bases, not any string
  await client.call('dashboard.overview', { company: 1, basis: 'monthly' });
  // @ts-expect-error -- a name the registry does not have
  await client.call('dashboard.everything', {});
  // @ts-expect-error -- an update needs the record's id
  await client.call('expenses.update', { company: 1, body: { amount: 100 } });
}
