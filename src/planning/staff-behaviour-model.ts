import { HotlineError } from '../errors.js';
import type { CallRecord } from '../record/call-record.js';
import { behaviourProblems } from '../scenario/behaviour-schema.js';
import { schemaPathText } from '../schema-path.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { MONTH_SEC, type ExperienceModel } from '../sim/agent-experience.js';
import { sampler } from '../sim/distributions.js';
import type { ScreeningModel } from '../sim/screening.js';

/** The simulator's staff behaviour models of a scenario, as SimModel fields (none present without the blocks). */
export interface StaffBehaviourModels {
  readonly experience?: readonly (ExperienceModel | null)[];
  readonly screening?: ScreeningModel;
}

/**
 * Resolves `behaviour.experience` (by pool entry name, to group indexes: pool entries are the groups, in order)
 * and `behaviour.screening` (call type names to indexes). Returns an empty object when the scenario has neither,
 * so the model is exactly today's. Throws HOTLINE_SCENARIO_INVALID naming the field when a name is unknown.
 */
export function staffBehaviourModels(s: Scenario): StaffBehaviourModels {
  const problem = behaviourProblems(s).find((p) => p.path[1] === 'experience' || p.path[1] === 'screening');
  if (problem)
    throw new HotlineError('HOTLINE_SCENARIO_INVALID', `${schemaPathText(problem.path)}: ${problem.message}`);
  const experience = s.behaviour?.experience;
  const screening = s.behaviour?.screening;
  const out: { experience?: (ExperienceModel | null)[]; screening?: ScreeningModel } = {};
  if (experience && Object.keys(experience).length > 0) {
    out.experience = s.pools.map((p) => {
      const e = experience[p.name];
      return e
        ? {
            newAgentMultiplier: e.new_agent_multiplier,
            halfLifeSec: e.half_life_days * 86400,
            attritionPerSec: e.monthly_attrition / MONTH_SEC,
          }
        : null;
    });
  }
  if (screening) {
    const invalid = new Set(screening.invalid_types);
    out.screening = {
      invalid: s.call_types.map((t) => invalid.has(t.name)),
      policy: screening.policy,
      screenedHandleSec:
        screening.policy && screening.screened_handle_sec
          ? sampler(screening.screened_handle_sec, 'behaviour.screening.screened_handle_sec')
          : null,
    };
  }
  return out;
}

/**
 * The share of agent time (handle time, talk + after-call work) that invalid requests took, over the answered
 * calls the KPIs count (arriving from `countFromSec`): Σ handle of invalid types / Σ handle of all. NaN before
 * any handle time.
 */
export class InvalidHandleShare {
  private readonly invalid: ReadonlySet<string>;
  private readonly countFromSec: number;
  private invalidSec = 0;
  private totalSec = 0;

  constructor(invalidTypes: readonly string[], countFromSec: number) {
    this.invalid = new Set(invalidTypes);
    this.countFromSec = countFromSec;
  }

  /** Counts one record. */
  add(r: CallRecord): void {
    if (r.handleSec === null || r.arrivalSec < this.countFromSec) return;
    this.totalSec += r.handleSec;
    if (r.callType !== null && this.invalid.has(r.callType)) this.invalidSec += r.handleSec;
  }

  /** Σ handle of invalid requests / Σ handle of all counted calls. */
  result(): number {
    return this.totalSec > 0 ? this.invalidSec / this.totalSec : Number.NaN;
  }
}
