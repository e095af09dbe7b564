/**
 * The live hub: turns committed changes into pushed aggregates, per company, with no transport in it (SSE,
 * WebSocket and Electron IPC all subscribe here). Per change it recomputes the company's live aggregate
 * (cheap: read from rollups), throttled per company (see throttle.ts), numbers every event, keeps a bounded
 * replay buffer and announces alerts only when they appear or change.
 *
 * Only companies someone has subscribed to are tracked: their state is created by the first subscribe or
 * snapshot and kept afterwards (so ids keep increasing across reconnects), bounded by the number of companies.
 */
import type { LiveEventName, LivePayload, ProgressEventName } from '../core/api/index.js';
import type { ChangeFeed } from '../store/changes.js';
import { AlertDeduper, type LiveAlert } from '../core/live/index.js';
import { makeEvent, type LiveEvent, type LiveListener } from './event.js';
import { ReplayBuffer } from './replay.js';
import { LeadingThrottle } from './throttle.js';
import { errorMessage } from '../core/errors.js';

/**
 * Where aggregates come from: the dashboard's realtime aggregate in production (source.ts), whose "today" is the
 * engine's injected clock. The hub itself reads no date: its throttle windows and refresh timer are durations.
 */
export interface AggregateSource<A> {
  /** Throws NotFoundError for an unknown company. */
  compute(companyId: number): A;
  alertsOf(aggregate: A): readonly LiveAlert[];
}

/** Who holds a subscription, for the subscribers gauge. */
export type SubscriberTransport = 'sse' | 'ws' | 'ipc';

export interface LiveHubOptions<A> {
  feed: ChangeFeed;
  source: AggregateSource<A>;
  /**
   * At most one aggregate per company per window after the leading one (default 20 ms: a person entering rows
   * back to back sees each within a frame or two, while a bulk import still collapses to a few updates).
   */
  windowMs?: number;
  /** Events kept per company for Last-Event-ID resumption (default 512). */
  replayCapacity?: number;
  /**
   * Recompute every watched company this often (default 60 s) so figures that move with the clock alone (a new
   * day, an invoice turning overdue) are pushed too; nothing is sent when the figures did not change.
   */
  refreshEveryMs?: number;
  /** A failed recomputation (a deleted company, a closed database) or a throwing listener. */
  onError?: (error: unknown, companyId: number) => void;
  /** Called with a transport's subscriber count whenever it changes (`metrics.setLiveSubscribers`). */
  onSubscribersChanged?: (count: number, transport: SubscriberTransport) => void;
}

interface CompanyState<A> {
  readonly companyId: number;
  seq: number;
  readonly replay: ReplayBuffer<LiveEvent>;
  readonly alerts: AlertDeduper;
  readonly listeners: Set<LiveListener>;
  /** The latest aggregate and its JSON (to skip pushing an unchanged aggregate). */
  aggregate: A;
  aggregateJson: string;
  /** The aggregate as an event numbered with the current seq, rebuilt lazily when seq moves. */
  snapshot: LiveEvent<A> | null;
}

export class LiveHub<A = unknown> {
  private readonly companies = new Map<number, CompanyState<A>>();
  private readonly throttle: LeadingThrottle;
  private readonly unsubscribeFeed: () => void;
  private readonly replayCapacity: number;
  private readonly counts: Record<SubscriberTransport, number> = { sse: 0, ws: 0, ipc: 0 };
  private closed = false;
  /** Real time on purpose: it only says how often to look; the day the figures are for is the source's clock. */
  private readonly refreshTimer: NodeJS.Timeout;

  constructor(private readonly opts: LiveHubOptions<A>) {
    this.replayCapacity = opts.replayCapacity ?? 512;
    this.throttle = new LeadingThrottle(opts.windowMs ?? 20, (companyId) => this.flush(companyId));
    this.unsubscribeFeed = opts.feed.subscribe((change) => {
      if (this.companies.has(change.companyId)) this.throttle.trigger(change.companyId);
    });
    this.refreshTimer = setInterval(() => {
      for (const id of this.companies.keys()) this.throttle.trigger(id);
    }, opts.refreshEveryMs ?? 60_000).unref();
  }

  /**
   * Receive this company's events from now on. Throws NotFoundError for an unknown company. Call `snapshot`
   * or `since` in the same tick first to start from the current state without a gap.
   */
  subscribe(companyId: number, listener: LiveListener, transport: SubscriberTransport = 'ipc'): () => void {
    const s = this.state(companyId);
    if (this.closed) return () => {};
    s.listeners.add(listener);
    this.count(transport, +1);
    let active = true;
    return () => {
      if (!active || this.closed) return;
      active = false;
      s.listeners.delete(listener);
      this.count(transport, -1);
    };
  }

  /** The current aggregate, numbered with the company's latest event id (what a new subscriber starts from). */
  snapshot(companyId: number): LiveEvent<A> {
    const s = this.state(companyId);
    s.snapshot ??= makeEvent(companyId, s.seq, 'aggregate', s.aggregate, s.aggregateJson);
    return s.snapshot;
  }

  /** Events after `lastId` for a resuming client, or null when they are no longer buffered (send a snapshot). */
  since(companyId: number, lastId: number): LiveEvent[] | null {
    const s = this.state(companyId);
    return s.replay.since(lastId, s.seq);
  }

  /** Progress of a long operation (import, recalculation, benchmark), pushed to the company's subscribers. */
  publishProgress<E extends ProgressEventName>(companyId: number, name: E, data: LivePayload<E>): void {
    const s = this.companies.get(companyId);
    // Nobody has ever watched this company: nothing to number or buffer.
    if (!s || this.closed) return;
    this.emit(s, name, data);
  }

  /** Recompute now-ish (same throttle as changes), e.g. after the thresholds changed. */
  refresh(companyId: number): void {
    if (this.companies.has(companyId)) this.throttle.trigger(companyId);
  }

  /** Subscribers of every transport, or of one. */
  subscriberCount(transport?: SubscriberTransport): number {
    return transport ? this.counts[transport] : this.counts.sse + this.counts.ws + this.counts.ipc;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribeFeed();
    clearInterval(this.refreshTimer);
    this.throttle.close();
    for (const s of this.companies.values()) s.listeners.clear();
    for (const t of ['sse', 'ws', 'ipc'] as const) if (this.counts[t] !== 0) this.count(t, -this.counts[t]);
  }

  private state(companyId: number): CompanyState<A> {
    let s = this.companies.get(companyId);
    if (!s) {
      const aggregate = this.opts.source.compute(companyId);
      const alerts = new AlertDeduper();
      // Alerts already present are part of the first snapshot, not news.
      alerts.next(this.opts.source.alertsOf(aggregate));
      s = {
        companyId,
        seq: 0,
        replay: new ReplayBuffer<LiveEvent>(this.replayCapacity),
        alerts,
        listeners: new Set(),
        aggregate,
        aggregateJson: JSON.stringify(aggregate),
        snapshot: null,
      };
      this.companies.set(companyId, s);
    }
    return s;
  }

  private flush(companyId: number): void {
    const s = this.companies.get(companyId);
    if (!s || this.closed) return;
    let aggregate: A;
    try {
      aggregate = this.opts.source.compute(companyId);
    } catch (e) {
      this.reportError(e, companyId);
      return;
    }
    const json = JSON.stringify(aggregate);
    // A write that moved no figure (a renamed client) pushes nothing.
    if (json === s.aggregateJson) return;
    s.aggregate = aggregate;
    s.aggregateJson = json;
    this.emit(s, 'aggregate', aggregate, json);
    // Raised (new or changed level/message) only; a cleared alert simply leaves the aggregate's list.
    for (const alert of s.alerts.next(this.opts.source.alertsOf(aggregate)).raised) this.emit(s, 'alert', alert);
  }

  private emit(s: CompanyState<A>, name: LiveEventName, data: unknown, json?: string): void {
    const event = makeEvent(s.companyId, ++s.seq, name, data, json);
    s.snapshot = null;
    s.replay.push(event);
    // Copy: a listener may unsubscribe itself (a dropped slow consumer) while we iterate.
    for (const l of [...s.listeners]) {
      try {
        l(event);
      } catch (e) {
        this.reportError(e, event.companyId);
      }
    }
  }

  private count(transport: SubscriberTransport, delta: number): void {
    this.counts[transport] += delta;
    this.opts.onSubscribersChanged?.(this.counts[transport], transport);
  }

  private reportError(e: unknown, companyId: number): void {
    if (this.opts.onError) this.opts.onError(e, companyId);
    else process.emitWarning(`live hub, company ${companyId}: ${errorMessage(e)}`);
  }
}
