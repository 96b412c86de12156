import type { AgentPool } from '../record/call-record.js';
import { AgentRoster } from './agent-roster.js';
import { CallState, type CallSlots } from './call-slots.js';
import type { AgentGroupModel } from './sim-model.js';
import { SlotQueue } from './slot-queue.js';

/** One group of interchangeable agents, as the run goes. */
export interface AgentGroup {
  readonly pool: AgentPool;
  /** The group's name (the scenario pool's `name`), written in the records' `agentGroup`. */
  readonly name: string;
  readonly skills: readonly number[];
  /** A caller may be taken by this group only after waiting this long, seconds (overflow); 0 = at once. */
  readonly minWaitSec: number;
  /** An idle agent looks at the queues every this many seconds (0: idle agents take callers at once). */
  readonly pollSec: number;
  /** Since when each idle agent (by number) has been idle: its looks come `pollSec` apart from then. */
  readonly idleSinceSec: number[];
  /** Agents on duty (busy, idle or finishing a call before they go home). */
  staffed: number;
  /** Agents idle. */
  free: number;
  /** Agents to send home as soon as they finish a call (the plan went down mid-call). */
  leaving: number;
  /** Which numbered agents are idle, and which numbers are off duty (`free` = `roster.idle`). */
  readonly roster: AgentRoster;
}

/**
 * The agent groups as a shared resource, in SimPy's manner: a caller
 * requests an agent for a skill and either gets one at once or waits in the
 * skill's FIFO queue; a waiting caller who gives up cancels the request; an
 * agent who finishes is released and takes the longest-waiting caller it may
 * serve. Groups serving a skill are tried best priority first; a group with a
 * minimum wait (overflow) takes only callers who waited that long.
 *
 * The resource moves calls between `Waiting` and `WithAgent` and sets the
 * serving group and agent (AgentRoster: the longest-idle agent answers); what
 * a grant means for the call (its handle time, its end) is the process's
 * business. Cancelled requests leave the queue lazily.
 */
export class AgentGroups {
  /** The groups, in the model's order. */
  readonly groups: readonly AgentGroup[];
  /** Groups serving each skill, best priority first. */
  readonly groupsBySkill: readonly (readonly number[])[];
  /** The distinct non-zero minimum waits of the groups serving each skill, shortest first (overflow moments). */
  readonly overflowWaitsSec: readonly (readonly number[])[];
  private readonly queues: SlotQueue[];
  private readonly calls: CallSlots;

  constructor(models: readonly AgentGroupModel[], skillCount: number, calls: CallSlots) {
    this.calls = calls;
    this.groups = models.map((g) => ({
      pool: g.pool,
      name: g.name,
      skills: g.skills,
      minWaitSec: g.minWaitSec,
      pollSec: g.pollSec ?? 0,
      idleSinceSec: [],
      staffed: 0,
      free: 0,
      leaving: 0,
      roster: new AgentRoster(g.name),
    }));
    this.queues = Array.from({ length: skillCount }, () => new SlotQueue());
    const bySkill: number[][] = [];
    for (let skill = 0; skill < skillCount; skill += 1) {
      bySkill.push(
        models
          .map((g, i) => ({ g, i }))
          .filter(({ g }) => g.skills.includes(skill))
          .sort((a, b) => a.g.priority - b.g.priority || a.i - b.i)
          .map(({ i }) => i),
      );
    }
    this.groupsBySkill = bySkill;
    this.overflowWaitsSec = bySkill.map((serving) =>
      [...new Set(serving.map((i) => models[i]!.minWaitSec).filter((w) => w > 0))].sort((a, b) => a - b),
    );
  }

  /**
   * Asks for an agent of `skill` for the call in `slot`: returns the group
   * that serves it at once, or -1 when the caller waits in the skill's queue
   * (set the call's `skill` and `queueEntry` first). Only groups without a
   * minimum wait serve at once.
   */
  request(slot: number, skill: number): number {
    const calls = this.calls;
    for (const g of this.groupsBySkill[skill]!) {
      const group = this.groups[g]!;
      if (group.minWaitSec === 0 && group.free > 0 && group.pollSec === 0) {
        this.seize(slot, g);
        return g;
      }
    }
    calls.state[slot] = CallState.Waiting;
    const ticket = (calls.ticket[slot] as number) + 1;
    calls.ticket[slot] = ticket;
    this.queues[skill]!.push(slot, ticket);
    return -1;
  }

  /** Whether the call in `slot` waits for an agent (its request is pending). */
  isWaiting(slot: number): boolean {
    return this.calls.state[slot] === CallState.Waiting;
  }

  /**
   * Withdraws a waiting call's request at `nowSec` (it abandons, or leaves with a callback): the call is back in
   * the process, and its `group` is the group whose queue held it last (see heldBy).
   */
  cancel(slot: number, nowSec: number): void {
    this.calls.state[slot] = CallState.InFlow;
    this.calls.group[slot] = this.heldBy(slot, nowSec);
  }

  /**
   * The group whose queue holds the waiting call in `slot` at `nowSec`, for the records of calls no agent took:
   * the last group the caller became eligible for. Among the groups serving the call's skill, those whose
   * minimum wait has passed (`nowSec >= queueEntry + minWaitSec`: the primary groups from queue entry, an
   * overflow group from its min_wait_sec on) count, and the one with the longest minimum wait wins, ties going
   * to the best priority (the skill's routing order). If no group is eligible yet (every group serving the skill
   * is an overflow group), the one with the shortest minimum wait. -1 when no group serves the skill.
   */
  heldBy(slot: number, nowSec: number): number {
    const entry = this.calls.queueEntry[slot] as number;
    let best = -1;
    let bestWaitSec = -1;
    let first = -1;
    let firstWaitSec = Infinity;
    for (const g of this.groupsBySkill[this.calls.skill[slot] as number]!) {
      const waitSec = this.groups[g]!.minWaitSec;
      if (nowSec >= entry + waitSec && waitSec > bestWaitSec) {
        best = g;
        bestWaitSec = waitSec;
      }
      if (waitSec < firstWaitSec) {
        first = g;
        firstWaitSec = waitSec;
      }
    }
    return best >= 0 ? best : first;
  }

  /** Agent `n` of group `g`'s id in the records, `<group>-<n>`. */
  agentId(g: number, n: number): string {
    return this.groups[g]!.roster.id(n);
  }

  /**
   * Agent `agent` of group `g` becomes available at `nowSec` (finished a call;
   * 0 for an agent coming on duty, who takes the lowest free number): it goes
   * home if the plan wants fewer agents, else becomes idle and the longest-idle
   * agent takes the longest-waiting caller it may serve. Returns that caller's slot, or -1.
   */
  release(g: number, nowSec: number, agent: number): number {
    const group = this.groups[g]!;
    if (group.leaving > 0) {
      group.leaving -= 1;
      group.staffed -= 1;
      if (agent > 0) group.roster.goOffDuty(agent);
      return -1;
    }
    group.free += 1;
    const n = agent > 0 ? agent : group.roster.comeOnDuty();
    group.roster.pushIdle(n);
    const slot = this.nextFor(group, nowSec);
    if (slot >= 0) this.seize(slot, g);
    // Found nobody: idle from now, its next look `pollSec` later.
    else group.idleSinceSec[n] = nowSec;
    return slot;
  }

  /**
   * The next look at the queues among group `g`'s idle agents after `nowSec` (pools[].poll_sec): the agent and
   * when, or null when nobody is idle or the group does not poll. Agent n looks at idleSince + k × pollSec, k ≥ 1.
   */
  nextLook(g: number, nowSec: number): { readonly agent: number; readonly atSec: number } | null {
    const group = this.groups[g]!;
    if (group.pollSec === 0 || group.free === 0) return null;
    let best: { agent: number; atSec: number } | null = null;
    for (const n of group.roster.idleAgents()) {
      const since = group.idleSinceSec[n] ?? nowSec;
      const k = Math.max(1, Math.ceil((nowSec - since) / group.pollSec - 1e-9));
      const atSec = since + k * group.pollSec;
      if (best === null || atSec < best.atSec) best = { agent: n, atSec };
    }
    return best;
  }

  /**
   * Idle agent `agent` of group `g` looks at the queues at `nowSec`: takes the longest-waiting caller it may serve
   * (returns the slot); -1 when nobody waits for it; -2 when the look is stale (the agent is busy, gone, or idle
   * since another time).
   */
  look(g: number, agent: number, nowSec: number): number {
    const group = this.groups[g]!;
    const since = group.idleSinceSec[agent];
    if (since === undefined || !group.roster.idleAgents().includes(agent)) return -2;
    const k = (nowSec - since) / group.pollSec;
    if (k < 1 - 1e-9 || Math.abs(k - Math.round(k)) > 1e-6) return -2;
    const slot = this.nextFor(group, nowSec);
    if (slot < 0) return -1;
    group.roster.takeIdleAgent(agent);
    group.free -= 1;
    this.calls.state[slot] = CallState.WithAgent;
    this.calls.group[slot] = g;
    this.calls.agent[slot] = agent;
    return slot;
  }

  /**
   * A waiting caller's overflow moment passed: overflow group `g`, if it has an
   * idle agent, takes the longest-waiting caller it may serve now (FIFO over
   * its skills). Returns that caller's slot, or -1.
   */
  overflow(g: number, nowSec: number): number {
    const group = this.groups[g]!;
    if (group.free === 0 || group.minWaitSec === 0 || group.pollSec > 0) return -1;
    const slot = this.nextFor(group, nowSec);
    if (slot >= 0) this.seize(slot, g);
    return slot;
  }

  /**
   * Sets group `g`'s headcount to `target` agents: idle agents go home at once,
   * busy ones when they finish; agents due to leave stay if wanted again.
   * Returns how many agents come on duty: release each of them.
   */
  restaff(g: number, target: number): number {
    const group = this.groups[g]!;
    let delta = target - (group.staffed - group.leaving);
    if (delta > 0) {
      const stay = Math.min(delta, group.leaving);
      group.leaving -= stay;
      delta -= stay;
      group.staffed += delta;
      return delta;
    }
    if (delta < 0) {
      const idle = Math.min(group.free, -delta);
      group.free -= idle;
      for (let i = 0; i < idle; i += 1) group.roster.goOffDuty(group.roster.takeIdle());
      group.staffed -= idle;
      group.leaving += -delta - idle;
    }
    return 0;
  }

  private seize(slot: number, g: number): void {
    const group = this.groups[g]!;
    group.free -= 1;
    this.calls.state[slot] = CallState.WithAgent;
    this.calls.group[slot] = g;
    this.calls.agent[slot] = group.roster.takeIdle();
  }

  /** The longest-waiting caller `group` may take now, dequeued, or -1. */
  private nextFor(group: AgentGroup, nowSec: number): number {
    const calls = this.calls;
    let best = -1;
    let bestEntry = Infinity;
    for (const skill of group.skills) {
      const q = this.queues[skill]!;
      // Cancelled requests, and slots reused since, leave the queue here.
      while (q.size > 0) {
        const first = q.peekSlot();
        if (calls.state[first] === CallState.Waiting && calls.ticket[first] === q.peekTicket()) break;
        q.shift();
      }
      if (q.size === 0) continue;
      const head = q.peekSlot();
      const entry = calls.queueEntry[head] as number;
      if (entry < bestEntry && nowSec >= entry + group.minWaitSec) {
        best = head;
        bestEntry = entry;
      }
    }
    if (best >= 0) this.queues[calls.skill[best] as number]!.shift();
    return best;
  }
}
