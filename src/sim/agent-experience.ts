import type { Rng } from './rng.js';

/** Seconds in a month of the attrition rate: 365.25 / 12 days. */
export const MONTH_SEC = (365.25 / 12) * 86400;

/** One group's agent experience (scenario `behaviour.experience.<pool entry>`), in seconds. */
export interface ExperienceModel {
  /** A new agent's handle time over an experienced one's (>= 1). */
  readonly newAgentMultiplier: number;
  /** Tenure after which the extra handle time has halved, seconds. */
  readonly halfLifeSec: number;
  /** Leavers per agent and second (Poisson); 0 for no turnover. */
  readonly attritionPerSec: number;
}

/** Handle-time multiplier at `tenureSec`: 1 + (m − 1) × 2^(−tenure / half-life); 1 for an infinite tenure. */
export function experienceMultiplier(model: ExperienceModel, tenureSec: number): number {
  return 1 + (model.newAgentMultiplier - 1) * 2 ** (-tenureSec / model.halfLifeSec);
}

/** One group's agents: hire time and next leaving time per agent number (index = number; 0 unused). */
interface GroupTenure {
  readonly model: ExperienceModel;
  readonly hireSec: number[];
  readonly leaveSec: number[];
  leavers: number;
}

/**
 * The tenure of every simulated agent, and their turnover. An agent is a roster number of a group (`<group>-<n>`,
 * AgentRoster): the person behind the number works whenever the number is on duty. The choices:
 * - initial tenure: the steady state of the attrition process. With leaving a Poisson process of rate λ and
 *   instant replacement, the time since the current holder's hire is exponential with mean 1/λ (the backward
 *   recurrence time of a Poisson process), so each number starts with tenure ~ Exp(1/λ) at time 0; with λ = 0
 *   everyone is experienced (infinite tenure, multiplier 1);
 * - attrition: each number's holder leaves at rate λ whether on duty or not, and is replaced at once by a new
 *   agent (tenure 0) under the SAME number and id: records do not show the turnover (a replacement takes over the
 *   seat, and counts of agents per hour stay true); a call in progress keeps the handle time it started with;
 * - lazily exact: an agent's leaving times are drawn (from the run's `experience` stream, in the order agents are
 *   first asked about) only when its tenure is asked for, so a run without calls draws nothing.
 */
export class AgentExperience {
  private readonly groups: readonly (GroupTenure | null)[];
  private readonly rng: Rng;

  /** `models` by group index (null: experienced agents, no turnover); `rng` is the run's experience stream. */
  constructor(models: readonly (ExperienceModel | null)[], rng: Rng) {
    this.rng = rng;
    this.groups = models.map((model) => (model ? { model, hireSec: [], leaveSec: [], leavers: 0 } : null));
  }

  /** Time to the next leaving of one agent, seconds (Infinity without attrition). */
  private lifeSec(model: ExperienceModel): number {
    return model.attritionPerSec > 0 ? -Math.log(this.rng.nextOpen()) / model.attritionPerSec : Infinity;
  }

  /** Agent `n` of group `g`'s tenure at `nowSec` (times must not go back for an agent), seconds; Infinity if none. */
  tenureSec(g: number, n: number, nowSec: number): number {
    const group = this.groups[g];
    if (!group) return Infinity;
    if (group.hireSec[n] === undefined) {
      group.hireSec[n] = -this.lifeSec(group.model);
      group.leaveSec[n] = this.lifeSec(group.model);
    }
    while ((group.leaveSec[n] as number) <= nowSec) {
      group.leavers += 1;
      group.hireSec[n] = group.leaveSec[n] as number;
      group.leaveSec[n] = (group.leaveSec[n] as number) + this.lifeSec(group.model);
    }
    return nowSec - (group.hireSec[n] as number);
  }

  /** Agent `n` of group `g`'s handle-time multiplier at `nowSec` (1 for a group without a model). */
  multiplier(g: number, n: number, nowSec: number): number {
    const group = this.groups[g];
    return group ? experienceMultiplier(group.model, this.tenureSec(g, n, nowSec)) : 1;
  }

  /**
   * Agents replaced per group index from time 0 to `untilSec` (null for a group without a model), counting every
   * agent number asked about so far; the numbers' leaving times are drawn up to `untilSec`.
   */
  replacedUntil(untilSec: number): (number | null)[] {
    return this.groups.map((group, g) => {
      if (!group) return null;
      group.hireSec.forEach((_, n) => {
        this.tenureSec(g, n, untilSec);
      });
      return group.leavers;
    });
  }
}
