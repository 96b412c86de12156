import { AGENT_POLL_SEC } from '../server/services/agent-line.js';
import { DateTime } from 'luxon';
import { dutyAgentsByHour, localSecOf, RecordStaffing, type DutyInterval } from '../analysis/fit-staffing.js';
import type { AgentPool, CallRecord } from '../record/call-record.js';
import { ON_DUTY_STATES } from '../store/agent-state.js';
import type { AgentDutyChange } from '../store/sqlite-agent-duty-log.js';
import type {
  CalibrationContext,
  CalibrationPart,
  CalibrationResult,
  FittedEntry,
  LocalTime,
} from './calibration-part.js';

/** Options of the staffing part. */
export interface StaffingPartOptions {
  /**
   * The live line's agent-state log (`readAgentDutyLog`), every line before the period's end: where it covers a
   * group, its agents on duty (ready, on-call, wrap-up) are observed, not estimated.
   */
  readonly dutyLog?: readonly AgentDutyChange[];
  /**
   * Hours whose count is call-limited (on most days no agent answered more than one call) on more than this share
   * of days take the most agents seen answering on one day instead of the mean, and are noted as lower bounds
   * (default 0.5).
   */
  readonly callLimitedShare?: number;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Local seconds since the period's first local midnight of epoch second `sec`. */
function localClock(context: CalibrationContext): (sec: number) => number {
  const start = DateTime.fromSeconds(context.fromSec, { zone: context.timeZone }).startOf('day');
  const startLocal = start.toSeconds() + start.offset * 60;
  return (sec) => sec + DateTime.fromSeconds(sec, { zone: context.timeZone }).offset * 60 - startLocal;
}

/**
 * The agent group of an agent-state log line, as recordGroup names a record's: its group, else its pool; null (an
 * agent no longer listed) has no pool entry, so its duty is left out rather than written under a made-up name.
 */
export function dutyGroup(line: Pick<AgentDutyChange, 'group' | 'pool'>): string | null {
  return line.group ?? line.pool;
}

/** On-duty intervals (local seconds, within the period) from the state log, by agent; lines without a group left out. */
function dutyIntervals(log: readonly AgentDutyChange[], context: CalibrationContext): DutyInterval[] {
  const toLocal = localClock(context);
  const onDuty = new Set<string>(ON_DUTY_STATES);
  const out: DutyInterval[] = [];
  let since: number | null = null;
  for (let i = 0; i < log.length; i += 1) {
    const line = log[i] as AgentDutyChange;
    const group = dutyGroup(line);
    const first = i === 0 || (log[i - 1] as AgentDutyChange).agentId !== line.agentId;
    if (first) since = onDuty.has(line.from) ? context.fromSec : null;
    const at = Math.min(Math.max(line.atSec, context.fromSec), context.toSec);
    if (since !== null && !onDuty.has(line.to)) {
      if (at > since) if (group !== null) out.push({ group, startSec: toLocal(since), endSec: toLocal(at) });
      since = null;
    } else if (since === null && onDuty.has(line.to)) since = at;
    const last = i === log.length - 1 || (log[i + 1] as AgentDutyChange).agentId !== line.agentId;
    if (last && since !== null && context.toSec > since && group !== null)
      out.push({ group, startSec: toLocal(since), endSec: toLocal(context.toSec) });
  }
  return out;
}

/**
 * The agent group of a record, the ONE group key of every calibration part (staffing, routing, handle times,
 * resolution, satisfaction): its `agentGroup`, or for records without one its pool's name; null = no group (the
 * scenario's per-group fields get no term for it, and no pool entry is named after it).
 */
export function recordGroup(record: CallRecord): string | null {
  return record.agentGroup ?? record.pool;
}

/**
 * The calibrated scenario's pool entries, in order: every group that answered a call or has a line in the
 * agent-state log, by name. The staffing part writes the entries (`['pools', name]`); the routing part writes
 * their priority and min_wait_sec by the same names, so both take the names from here.
 */
export function poolEntryNames(answeredGroups: Iterable<string>, dutyLog: readonly AgentDutyChange[] = []): string[] {
  const names = new Set(answeredGroups);
  for (const line of dutyLog) {
    const group = dutyGroup(line);
    if (group !== null) names.add(group);
  }
  return [...names].sort();
}

/** Most frequent value of a count map. */
function mostFrequent<T>(counts: Map<T, number>): T | undefined {
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Agents on duty per hour of the day and agent group (`pools[]`: name, pool, skills, agents_by_hour), observed
 * from the agent-state log where given, otherwise ESTIMATED from the records: the distinct agents answering in
 * each hour, averaged over the days (see analysis/fit-staffing.ts for the estimators and their measured biases).
 * Pool entries are ordered by name; the routing part writes priority and min_wait_sec into the same entries.
 */
export class StaffingPart implements CalibrationPart {
  private readonly estimate = new RecordStaffing();
  private readonly pools = new Map<string, Map<AgentPool, number>>();
  private readonly skills = new Map<string, Set<string>>();
  private readonly answered = new Set<string>();
  private readonly options: StaffingPartOptions;

  constructor(options: StaffingPartOptions = {}) {
    this.options = options;
  }

  add(record: CallRecord, local: LocalTime): void {
    const group = recordGroup(record);
    if (group === null) return;
    if (record.pool !== null) {
      const pools = this.pools.get(group) ?? new Map<AgentPool, number>();
      pools.set(record.pool, (pools.get(record.pool) ?? 0) + 1);
      this.pools.set(group, pools);
    }
    if (record.skill !== null) {
      const skills = this.skills.get(group) ?? new Set<string>();
      skills.add(record.skill);
      this.skills.set(group, skills);
    }
    if (record.answerSec === null) return;
    this.answered.add(group);
    if (record.agentId === null) return;
    const answerLocal = localSecOf(local, record.arrivalSec, record.answerSec - record.arrivalSec);
    const handleSec = record.handleSec ?? (record.endSec !== null ? record.endSec - record.answerSec : 0);
    this.estimate.add(group, record.agentId, answerLocal, handleSec);
  }

  finish(context: CalibrationContext): CalibrationResult {
    const log = this.options.dutyLog ?? [];
    const observed = dutyAgentsByHour(dutyIntervals(log, context), context.days);
    const estimated = this.estimate.result(context.days);
    const notes: string[] = [];
    const ungrouped = new Set(log.filter((line) => dutyGroup(line) === null).map((line) => line.agentId));
    if (ungrouped.size > 0)
      notes.push(
        `pools: ${ungrouped.size} agent(s) of the agent-state log have no group or pool (no longer listed); their duty is left out.`,
      );
    for (const line of log) {
      const group = dutyGroup(line);
      if (group === null) continue;
      if (line.pool !== null && !this.pools.has(group)) this.pools.set(group, new Map([[line.pool, 1]]));
      // The agents' registered skills are what the group can take, whether or not these records used them all (a
      // skill nobody called for still makes the flow's queue for it servable in the scenario).
      if (line.skills.length > 0) this.skills.set(group, new Set([...(this.skills.get(group) ?? []), ...line.skills]));
    }
    const groups = poolEntryNames(this.answered, log);
    const limit = this.options.callLimitedShare ?? 0.5;
    const period = `${context.source}, ${context.days} days`;
    const entries: FittedEntry[] = [];
    const json: Record<string, unknown> = {};
    for (const group of groups) {
      const logged = log.some((line) => dutyGroup(line) === group);
      const seen = observed.get(group) ?? (logged ? new Array<number>(24).fill(0) : undefined);
      const e = estimated.get(group);
      const lowerBoundHours: number[] = [];
      let byHour: number[];
      if (seen) byHour = seen;
      else if (!e) byHour = new Array<number>(24).fill(0);
      else {
        const est = e;
        byHour = est.answering.map((mean, h) => {
          if ((est.callLimitedShare[h] as number) <= limit || (est.answeringMax[h] ?? 0) === 0) return mean;
          lowerBoundHours.push(h);
          return est.answeringMax[h] as number;
        });
      }
      const pool = mostFrequent(this.pools.get(group) ?? new Map()) ?? 'in-house';
      const skills = [...(this.skills.get(group) ?? [])].sort();
      if (skills.length === 0) notes.push(`pools.${group}: no skill seen on its calls or agents; written as general.`);
      const agentsByHour = byHour.map((x) => Math.round(x));
      json[group] = {
        source: seen ? 'agent-states' : 'estimated',
        agentsByHour: byHour.map(round1),
        busyAgentsByHour: e ? e.busyAgents.map((x) => Math.round(x * 100) / 100) : null,
        ...(seen ? {} : { busyAnyTimeByHour: e?.busyAnyTime.map(round1), lowerBoundHours }),
      };
      const how = seen
        ? `observed: agents ready, on a call or in wrap-up per hour in the agent-state log, ${period}`
        : `ESTIMATED from records: distinct agents answering per hour, mean over ${period}` +
          (lowerBoundHours.length > 0
            ? `; hours ${lowerBoundHours.join(',')} are lower bounds (fewer calls than agents)`
            : '');
      entries.push({
        path: ['pools', group],
        value: {
          name: group,
          pool,
          skills: skills.length > 0 ? skills : ['general'],
          agents_by_hour: agentsByHour,
          // An agent-state log is our own agent line's: its idle agents look at the queues every AGENT_POLL_SEC.
          ...(seen ? { poll_sec: AGENT_POLL_SEC } : {}),
        },
        comment: seen ? `${how}; poll_sec: hotline's agent line (idle agents look every ${AGENT_POLL_SEC} s)` : how,
      });
      if (!seen)
        notes.push(
          `pools.${group}.agents_by_hour: estimated from records (no agent-state log for the group), not ` +
            'observed; on-phone agents, so shrinkage stays 0.',
        );
    }
    return { json: { agentsOnDuty: json }, entries, notes };
  }
}
