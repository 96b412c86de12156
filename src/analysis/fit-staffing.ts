/**
 * Agents on duty per hour of the day and agent group, two ways: observed, from agents' on-duty intervals (the
 * live line's state log), or estimated from call records. Times are local seconds since the period's first local
 * midnight (day d, hour h = [d·86400 + h·3600, … + 3600)); figures are means over the period's days.
 *
 * The estimators from records, and their biases (measured in test/analysis/fit-staffing.test.ts on simulated
 * records of known staffing):
 * - `busyAnyTime`, distinct agents busy at any moment of the hour, counts an agent who goes off duty at the hour
 *   but is still finishing a call: after a shift ends it over-counts by about the agents leaving, so a scenario
 *   built on it has too many agents in those hours and over-predicts service;
 * - `answering`, distinct agents who answered a call in the hour (the one used): an agent off duty takes no new
 *   caller, so the shift-end over-count is gone; it under-counts where an on-duty agent answers nobody in the hour
 *   (fewer calls than agents: nights), flagged as lower bounds;
 * - `busyAgents`, agent-seconds busy / 3600: the agents needed at 100 % occupancy; dividing by an assumed
 *   occupancy makes it an estimate as biased as that assumption, so it is reported, not used.
 */

/** One agent's time on duty, local seconds [startSec, endSec). */
export interface DutyInterval {
  readonly group: string;
  readonly startSec: number;
  readonly endSec: number;
}

const HOUR_SEC = 3600;
const DAY_SEC = 86400;

/** Mean agents on duty per hour of the day (24 values per group) from on-duty intervals over `days` days. */
export function dutyAgentsByHour(intervals: readonly DutyInterval[], days: number): Map<string, number[]> {
  const byGroup = new Map<string, number[]>();
  for (const { group, startSec, endSec } of intervals) {
    let hours = byGroup.get(group);
    if (!hours) {
      hours = new Array<number>(24).fill(0);
      byGroup.set(group, hours);
    }
    for (let t = Math.max(0, startSec); t < endSec; ) {
      const next = Math.min(endSec, (Math.floor(t / HOUR_SEC) + 1) * HOUR_SEC);
      const h = Math.floor(t / HOUR_SEC) % 24;
      hours[h] = (hours[h] as number) + (next - t);
      t = next;
    }
  }
  for (const hours of byGroup.values())
    for (let h = 0; h < 24; h += 1) hours[h] = (hours[h] as number) / (days * HOUR_SEC);
  return byGroup;
}

/** Per group, 24 values each. */
export interface RecordStaffingEstimate {
  /** Mean over days of the distinct agents who answered a call in the hour (the estimate). */
  readonly answering: number[];
  /** Most distinct agents answering in the hour on any one day. */
  readonly answeringMax: number[];
  /** Mean over days of the distinct agents busy at any moment of the hour (biased after shift ends). */
  readonly busyAnyTime: number[];
  /** Mean agent-seconds busy per second: agents needed at 100 % occupancy. */
  readonly busyAgents: number[];
  /** Share of the days on which every agent answering in the hour answered one call only (the count is the calls'). */
  readonly callLimitedShare: number[];
}

interface HourCell {
  readonly answering: Set<number>;
  readonly busy: Set<number>;
  answered: number;
}

/** Accumulates answered calls; `result` gives the estimators over the period. */
export class RecordStaffing {
  private readonly cells = new Map<string, Map<number, HourCell>>();
  private readonly busySec = new Map<string, number[]>();
  private readonly agentIds = new Map<string, number>();
  /** Calls handled for more than a day, applied in `result` with the loop clamped to the period's hours. */
  private readonly long: { group: string; agent: number; answerSec: number; endSec: number }[] = [];

  private cell(group: string, slot: number): HourCell {
    let slots = this.cells.get(group);
    if (!slots) {
      slots = new Map();
      this.cells.set(group, slots);
    }
    let cell = slots.get(slot);
    if (!cell) {
      cell = { answering: new Set(), busy: new Set(), answered: 0 };
      slots.set(slot, cell);
    }
    return cell;
  }

  /** An answered call: the agent's group and id, the answer in local seconds, and the handle time (seconds). */
  add(group: string, agentId: string, answerSec: number, handleSec: number): void {
    let agent = this.agentIds.get(agentId);
    if (agent === undefined) {
      agent = this.agentIds.size;
      this.agentIds.set(agentId, agent);
    }
    const first = this.cell(group, Math.floor(answerSec / HOUR_SEC));
    first.answering.add(agent);
    first.answered += 1;
    // A handle time over a day is deferred to `result`, which knows the period's hours: the loop below makes one
    // cell per hour, and one absurd handle time (1e12 s) would otherwise allocate cells until memory runs out.
    if (handleSec > DAY_SEC) {
      this.long.push({ group, agent, answerSec, endSec: answerSec + handleSec });
      return;
    }
    this.busyFrom(group, agent, answerSec, answerSec + Math.max(0, handleSec), Number.POSITIVE_INFINITY);
  }

  /** Marks the agent busy from `answerSec` to `endSec` (local seconds), hour by hour, slots before `slotEnd` only. */
  private busyFrom(group: string, agent: number, answerSec: number, endSec: number, slotEnd: number): void {
    let busy = this.busySec.get(group);
    if (!busy) {
      busy = new Array<number>(24).fill(0);
      this.busySec.set(group, busy);
    }
    for (let t = answerSec; t <= endSec; ) {
      const slot = Math.floor(t / HOUR_SEC);
      if (slot >= slotEnd) break;
      const next = Math.min(endSec, (slot + 1) * HOUR_SEC);
      this.cell(group, slot).busy.add(agent);
      const h = ((slot % 24) + 24) % 24;
      busy[h] = (busy[h] as number) + (next - t);
      if (next === endSec) break;
      t = next;
    }
  }

  /** The groups seen. */
  groups(): string[] {
    return [...this.cells.keys()].sort();
  }

  /** The estimators per group over `days` days (days without calls count as 0 agents). */
  result(days: number): Map<string, RecordStaffingEstimate> {
    for (const c of this.long.splice(0))
      this.busyFrom(c.group, c.agent, c.answerSec, Math.min(c.endSec, days * DAY_SEC), days * 24);
    const out = new Map<string, RecordStaffingEstimate>();
    for (const [group, slots] of this.cells) {
      const answering = new Array<number>(24).fill(0);
      const answeringMax = new Array<number>(24).fill(0);
      const busyAnyTime = new Array<number>(24).fill(0);
      const limited = new Array<number>(24).fill(0);
      const withCalls = new Array<number>(24).fill(0);
      for (const [slot, cell] of slots) {
        if (slot < 0 || slot >= days * 24) continue;
        const h = slot % 24;
        answering[h] = (answering[h] as number) + cell.answering.size;
        answeringMax[h] = Math.max(answeringMax[h] as number, cell.answering.size);
        busyAnyTime[h] = (busyAnyTime[h] as number) + cell.busy.size;
        if (cell.answered > 0) withCalls[h] = (withCalls[h] as number) + 1;
        if (cell.answered > 0 && cell.answered <= cell.answering.size) limited[h] = (limited[h] as number) + 1;
      }
      const busy = this.busySec.get(group) ?? new Array<number>(24).fill(0);
      out.set(group, {
        answering: answering.map((x) => x / days),
        answeringMax,
        busyAnyTime: busyAnyTime.map((x) => x / days),
        busyAgents: busy.map((x) => x / (days * HOUR_SEC)),
        callLimitedShare: limited.map((x, h) => ((withCalls[h] as number) > 0 ? x / (withCalls[h] as number) : 1)),
      });
    }
    return out;
  }
}

/** Local seconds of a moment `offsetSec` after a record's arrival, from the arrival's local day and hour. */
export function localSecOf(
  local: { readonly dayIndex: number; readonly hour: number },
  arrivalSec: number,
  offsetSec: number,
): number {
  // Zones with whole-hour offsets keep an epoch second's place within its hour; for others (e.g. UTC+5:30) the
  // hours this gives are the local hours shifted by the offset's minutes.
  const withinHour = ((arrivalSec % HOUR_SEC) + HOUR_SEC) % HOUR_SEC;
  return local.dayIndex * DAY_SEC + local.hour * HOUR_SEC + withinHour + offsetSec;
}
