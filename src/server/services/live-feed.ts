import type { Kpis } from '../../analysis/kpis.js';
import { type CallRecord, isFinalRecord } from '../../record/call-record.js';
import type { CallStore } from '../../store/call-store.js';
import { type AgentsByGroup, type AgentStateSource, type QueueWaitingNow, waitingByQueue } from './line-state.js';
import { type ConnectionRate24h, RollingConnectionRate } from './rolling-connection-rate.js';
import { type DayWindow, dayWindowAt, type HotlineDay, TodayKpis } from './today-kpis.js';

/** One queue on the wallboard: callers waiting, the longest current wait (at the event's `atSec`). */
export interface WallboardQueue extends QueueWaitingNow {
  readonly longestWaitSec: number;
}

/** The whole wallboard: what a `snapshot` event carries, and every `change` event too (the new state, whole). */
export interface WallboardState {
  /** When the state was taken, seconds since the epoch (the server's clock). */
  readonly atSec: number;
  /** Callers waiting per queue (`skill.pool`); a queue nobody waits in is absent. */
  readonly queues: Readonly<Record<string, WallboardQueue>>;
  /** The longest current wait over all queues, seconds (0 with nobody waiting). */
  readonly longestWaitSec: number;
  readonly agents: AgentsByGroup;
  /** Today's KPIs (the `kpis` of `hotline kpis --json --from <today.fromSec> --to <today.toSec>`). */
  readonly today: { readonly window: DayWindow & { readonly records: number }; readonly kpis: Kpis };
  /** Callbacks owed: booked by callers who left a queue, not yet placed (status `pending`). */
  readonly callbacksOwed: number;
  /** GB/T 33358's connection rate over the last 24 hours (answered / offered), rolling. */
  readonly connection24h: ConnectionRate24h;
}

/**
 * Told of each final record the feed counts (first time only) and of each handle time written after its record was
 * final, before the change they cause is emitted: a view that keeps figures of its own (the console's contracts)
 * has them up to date when the change event reaches it.
 */
export interface FeedRecordListener {
  record(record: CallRecord): void;
  lateHandle(record: CallRecord, handleSec: number): void;
}

/** What changed, for a `change` event: `kpis` (a call ended), `line` (queues or agents), `day` (a new day began). */
export type WallboardChange = 'kpis' | 'line' | 'day';

/** Told of every change: its sequence number, what changed, and the new state. */
export type WallboardListener = (seq: number, what: WallboardChange, state: WallboardState) => void;

/** What the live feed is built from. */
export interface LiveFeedOptions {
  readonly store: CallStore;
  readonly agents: AgentStateSource;
  readonly day: HotlineDay;
  readonly nowSec: () => number;
  /**
   * Milliseconds between two reads of the line (default LINE_READ_INTERVAL_MS): each read goes through every live
   * call's session, so at 1,000 calls back-to-back reads starve the webhooks.
   */
  readonly lineReadIntervalMs?: number;
}

/** Least milliseconds between two reads of the line (queues, agents): the most a `line` change waits for that. */
export const LINE_READ_INTERVAL_MS = 250;

/** The line state without its time-dependent figures, to tell whether anything changed. */
function lineKey(queues: Readonly<Record<string, QueueWaitingNow>>, agents: AgentsByGroup, callbacks: number): string {
  const sorted = (o: object) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([sorted(queues), sorted(agents).map(([g, s]) => [g, sorted(s)]), callbacks]);
}

/**
 * The wallboard's state and its changes, numbered: today's KPIs are updated as each call's final record is written
 * (`recordFinal`, synchronously: no store read), the queues and agents are read again when a webhook may have moved
 * them (`lineMayHaveChanged`; reads coalesce: one at a time, and one more, at least `lineReadIntervalMs` later, if
 * asked meanwhile). Every change gets the
 * next sequence number; listeners get the new state whole.
 */
export class LiveFeed {
  private readonly o: LiveFeedOptions;
  private readonly kpis: TodayKpis;
  /** Handle times written before their call's record was final, by CallSid (cleared when the day rolls over). */
  private readonly earlyHandles = new Map<string, number>();
  private queues: Readonly<Record<string, QueueWaitingNow>> = {};
  private agents: AgentsByGroup = {};
  private callbacksOwed = 0;
  private readonly connection = new RollingConnectionRate();
  private readonly recordListeners = new Set<FeedRecordListener>();
  private key = '';
  private seqNo = 0;
  private readonly listeners = new Set<WallboardListener>();
  private reading: Promise<void> | null = null;
  private again = false;
  private dayTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(options: LiveFeedOptions) {
    this.o = options;
    this.kpis = new TodayKpis(options.day, options.nowSec());
  }

  /** Seeds today's KPIs from the store and reads the line; then keeps the day's rollover timer. */
  async start(): Promise<void> {
    await this.kpis.seed(this.o.store);
    await this.connection.seed(this.o.store, this.o.nowSec());
    await this.readLine();
    this.armDayTimer();
  }

  /** The hotline's day (zone and day start) the feed's "today" is cut by. */
  get day(): HotlineDay {
    return this.o.day;
  }

  /** The last sequence number handed out (0 before any change). */
  get seq(): number {
    return this.seqNo;
  }

  /** The state now (what a snapshot carries). */
  state(): WallboardState {
    const atSec = this.o.nowSec();
    const queues: Record<string, WallboardQueue> = {};
    let longest = 0;
    for (const [name, q] of Object.entries(this.queues)) {
      const longestWaitSec = Math.max(0, atSec - q.oldestEntrySec);
      queues[name] = { ...q, longestWaitSec };
      longest = Math.max(longest, longestWaitSec);
    }
    return {
      atSec,
      queues,
      longestWaitSec: longest,
      agents: this.agents,
      today: this.kpis.result(),
      callbacksOwed: this.callbacksOwed,
      connection24h: this.connection.result(atSec),
    };
  }

  /** The hotline's business day holding `atSec` (default now), as the wallboard's and `hotline kpis --by day` count it. */
  dayAt(atSec: number = this.o.nowSec()): DayWindow {
    return dayWindowAt(atSec, this.o.day);
  }

  /** Listens to changes until the returned function is called. */
  subscribe(listener: WallboardListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears of each counted record and late handle time until the returned function is called. */
  onRecord(listener: FeedRecordListener): () => void {
    this.recordListeners.add(listener);
    return () => this.recordListeners.delete(listener);
  }

  /** A call's final record was written (first time only): today's KPIs count it when it arrived today. */
  recordFinal(record: CallRecord): void {
    const rolled = this.kpis.rollOver(this.o.nowSec());
    if (rolled) this.earlyHandles.clear();
    const early = this.earlyHandles.get(record.callSid);
    this.earlyHandles.delete(record.callSid);
    const complete = early !== undefined && record.handleSec === null ? { ...record, handleSec: early } : record;
    const counted = this.kpis.add(complete);
    const connected = this.connection.add(complete, this.o.nowSec());
    for (const listener of this.recordListeners) listener.record(complete);
    if (rolled) this.emit('day');
    else if (counted || connected) this.emit('kpis');
    this.lineMayHaveChanged();
  }

  /** A final call's handle time was written when its agent's wrap-up ended: today's AHT counts it now. */
  async handleWritten(callSid: string, handleSec: number): Promise<void> {
    const record = await this.o.store.getRecord(callSid);
    if (record === undefined) return;
    // Wrap-up may end while the caller is still on the line (the survey): the final record will count it then.
    if (!isFinalRecord(record)) this.earlyHandles.set(callSid, handleSec);
    else {
      for (const listener of this.recordListeners) listener.lateHandle(record, handleSec);
      if (this.kpis.addLateHandle(record, handleSec)) this.emit('kpis');
    }
    this.lineMayHaveChanged();
  }

  /** A webhook or an admin change may have moved callers or agents: read the line again (coalesced). */
  lineMayHaveChanged(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readLoop().finally(() => {
      this.reading = null;
    });
  }

  /** Reads the line, then again (after the interval) as long as reads were asked for meanwhile. */
  private async readLoop(): Promise<void> {
    const intervalMs = this.o.lineReadIntervalMs ?? LINE_READ_INTERVAL_MS;
    do {
      this.again = false;
      // A failed read leaves the last state; the next webhook reads again.
      await this.readLine().catch(() => undefined);
      if (this.again && intervalMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, intervalMs).unref());
    } while (this.again && !this.closed);
  }

  /** Waits for a line read in progress (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.reading) await this.reading;
  }

  /** Stops the day timer and further reads. */
  close(): void {
    this.closed = true;
    if (this.dayTimer) clearTimeout(this.dayTimer);
    this.listeners.clear();
    this.recordListeners.clear();
  }

  private async readLine(): Promise<void> {
    const now = this.o.nowSec();
    const [queues, agents, callbacks] = await Promise.all([
      waitingByQueue(this.o.store, now),
      this.o.agents.agentsByGroup(),
      this.o.store.listCallbacks('pending'),
    ]);
    const key = lineKey(queues, agents, callbacks.length);
    if (key === this.key) return;
    this.queues = queues;
    this.agents = agents;
    this.callbacksOwed = callbacks.length;
    this.key = key;
    this.emit('line');
  }

  private emit(what: WallboardChange): void {
    this.seqNo += 1;
    if (this.listeners.size === 0) return;
    const state = this.state();
    for (const listener of this.listeners) listener(this.seqNo, what, state);
  }

  /** Wakes at the next day start (at most every hour, so a clock that jumps is caught up), rolling the KPIs over. */
  private armDayTimer(): void {
    if (this.closed) return;
    const untilMs = Math.min(3_600_000, Math.max(1000, (this.kpis.current.toSec - this.o.nowSec()) * 1000));
    this.dayTimer = setTimeout(() => {
      if (this.kpis.rollOver(this.o.nowSec())) this.emit('day');
      this.armDayTimer();
    }, untilMs);
    this.dayTimer.unref();
  }
}
