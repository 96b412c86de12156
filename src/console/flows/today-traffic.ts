import type { FlowDefinition } from '../../flow/flow-definition.js';
import { type CallRecord, isFinalRecord } from '../../record/call-record.js';
import type { CallStore } from '../../store/call-store.js';
import { visitRecords } from '../../store/visit-records.js';
import type { LiveFeed } from '../../server/services/live-feed.js';
import type { FlowTraffic } from './flows-wire.js';
import { flowTraffic, type Passage, type TrafficLeg } from './state-traffic.js';

/** What is kept of a final record: its CallSid and what traffic needs. */
type Kept = Passage & Pick<CallRecord, 'callSid'>;

/**
 * Today's traffic of a flow (flowTraffic) from the store: the day's final records of the flow, read again only when
 * the live feed has counted another final record today (reading 10,000 records takes ~150 ms), and the calls in
 * progress, read every time. Today is the live feed's day.
 */
export class TodayTraffic {
  private readonly finished = new Map<string, { key: string; passages: Promise<Kept[]> }>();

  constructor(
    private readonly store: CallStore,
    private readonly feed: LiveFeed,
  ) {}

  /** Today's traffic through the flow's states, counted with the flow's legs (see FlowAnalyses.legsForTraffic). */
  async read(flow: FlowDefinition, legs: { inbound: TrafficLeg; callback: TrafficLeg }): Promise<FlowTraffic> {
    const { day, fromSec, toSec, records } = this.feed.state().today.window;
    const key = `${day}/${records}`;
    let cached = this.finished.get(flow.id);
    if (cached?.key !== key) {
      cached = { key, passages: this.readFinished(flow.id, fromSec, toSec) };
      this.finished.set(flow.id, cached);
      cached.passages.catch(() => this.finished.delete(flow.id));
    }
    const finished = await cached.passages;
    const done = new Set(finished.map((r) => r.callSid));
    const live = (await this.store.listSessionsArrivedBefore(toSec))
      .map((s) => s.record)
      .filter((r) => r.flowId === flow.id && r.arrivalSec >= fromSec && !isFinalRecord(r) && !done.has(r.callSid));
    return flowTraffic({ flowId: flow.id, window: { day, fromSec, toSec }, finished, live, legs });
  }

  private async readFinished(flowId: string, fromSec: number, toSec: number): Promise<Kept[]> {
    const passages: Kept[] = [];
    await visitRecords(this.store, { fromSec, toSec }, (r) => {
      if (r.flowId === flowId && isFinalRecord(r))
        passages.push({ callSid: r.callSid, direction: r.direction, lastState: r.lastState });
    });
    return passages;
  }
}
