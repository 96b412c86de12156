import { scheduledAgentsAt } from '../scenario/pool-schedule.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { Kpis } from '../analysis/kpis.js';
import { assessContract, MONTHS_PER_PERIOD, type PeriodAssessment } from '../analysis/contract-assessment.js';

const YEAR_SEC = 365 * 86400;
const MONTH_SEC = YEAR_SEC / 12;

/** One contract of a scenario, assessed on a replication's counted window taken as one contract period. */
export interface ContractCost {
  /** The contract file as the scenario names it. */
  readonly file: string;
  /** Pool entries it covers. */
  readonly pools: readonly string[];
  /** The window assessed as one period: targets on its figures; agent hours and answered calls scaled by `scale`. */
  readonly assessment: PeriodAssessment;
  /** Length of the counted window and of the contract's period, days. */
  readonly windowDays: number;
  readonly periodDays: number;
  /** periodDays / windowDays: what agent hours and answered calls are multiplied by for the period's price. */
  readonly scale: number;
  /** Periods per year (12 for month, 4 for quarter). */
  readonly periodsPerYear: number;
}

/** What a scenario's staffing costs, scaled to a year. Amounts in the scenario's currency (RMB for the shipped ones). */
export interface CostResult {
  /** Total per year: staffPerYear + contractPricePerYear − contractPenaltyPerYear + penaltyPerYear. */
  readonly perYear: number;
  /** The pools' own `cost` per year (agent-hours, agent-years, seats, fixed), penalties and contracts excluded. */
  readonly staffPerYear: number;
  /** The price of the scenario's contracts per year (fixed + agent hours + answered calls), before penalties. */
  readonly contractPricePerYear: number;
  /** Penalties the contracts deduct per year (owed by the contractor: they lower what the city pays). */
  readonly contractPenaltyPerYear: number;
  /** Each contract's assessment, in the scenario's `contractTerms` order. */
  readonly contracts: readonly ContractCost[];
  /** Per year by pool entry name (penalties excluded). */
  readonly byPool: Readonly<Record<string, number>>;
  /** Full-time equivalents by pool entry name: scheduled hours per week / paid hours per FTE week. */
  readonly fteByPool: Readonly<Record<string, number>>;
  /** The scenario's simple annual `penalties` rule: a charge per year for missing `targets`, added to perYear. */
  readonly penaltyPerYear: number;
  /** perYear / answered calls per year. */
  readonly perAnsweredCall: number;
}

/**
 * Scheduled agent-seconds of a pool entry from `fromSec` to `toSec`, and the
 * most agents scheduled at once (seats), read at the starts of the scenario's
 * intervals as the simulator staffs them.
 */
function scheduled(
  s: Scenario,
  pool: Scenario['pools'][number],
  fromSec: number,
  toSec: number,
): { sec: number; peak: number } {
  if (pool.agents !== undefined) return { sec: pool.agents * Math.max(0, toSec - fromSec), peak: pool.agents };
  const step = s.interval_minutes * 60;
  let sec = 0;
  let peak = 0;
  for (let t = Math.floor(fromSec / step) * step; t < toSec; t += step) {
    const agents = scheduledAgentsAt(pool, t, s.horizon.start_day);
    sec += agents * (Math.min(t + step, toSec) - Math.max(t, fromSec));
    peak = Math.max(peak, agents);
  }
  return { sec, peak };
}

/**
 * The scenario's contracts assessed on the counted window taken as one
 * contract period: targets judged on the window's figures, the price's agent
 * hours (scheduled, of the covered pool entries) and answered calls scaled
 * from the window to the period.
 */
function contractCosts(s: Scenario, fromSec: number, toSec: number, contractKpis: readonly Kpis[]): ContractCost[] {
  const windowSec = toSec - fromSec;
  return (s.contractTerms ?? []).flatMap((term, i) => {
    const kpis = contractKpis[i];
    if (!kpis || windowSec <= 0) return [];
    const periodSec = MONTHS_PER_PERIOD[term.contract.period] * MONTH_SEC;
    const agentSec = s.pools
      .filter((p) => term.pools.includes(p.name))
      .reduce((sum, p) => sum + scheduled(s, p, fromSec, toSec).sec, 0);
    const scale = periodSec / windowSec;
    const [assessment] = assessContract(term.contract, [
      { group: term.pools.join('+'), period: 'simulated', kpis, agentHours: agentSec / 3600, volumeScale: scale },
    ]);
    return [
      {
        file: term.file,
        pools: term.pools,
        assessment: assessment!,
        windowDays: windowSec / 86400,
        periodDays: periodSec / 86400,
        scale,
        periodsPerYear: 12 / MONTHS_PER_PERIOD[term.contract.period],
      },
    ];
  });
}

/**
 * Costs of a scenario over the counted window `fromSec`..`toSec` (warm-up end
 * to last arrival), scaled to a year, with three parts kept apart: staff (per
 * agent-hour × scheduled hours, per agent-year × FTE, seats, fixed prices of
 * the pools' `cost`), contracts (price and penalties, from `contractKpis`, the
 * KPIs of each contract's calls in `contractTerms` order) and the simple
 * annual `penalties` rule (per percentage point of service level below target
 * and of abandonment above its maximum).
 */
export function scenarioCost(
  s: Scenario,
  fromSec: number,
  toSec: number,
  kpis: Kpis,
  contractKpis: readonly Kpis[] = [],
): CostResult {
  const windowSec = toSec - fromSec;
  const scale = windowSec > 0 ? YEAR_SEC / windowSec : 0;
  const byPool: Record<string, number> = {};
  const fteByPool: Record<string, number> = {};
  for (const pool of s.pools) {
    const plan = scheduled(s, pool, fromSec, toSec);
    const scheduledHoursPerYear = (plan.sec / 3600) * scale;
    const fte = scheduledHoursPerYear / (365 / 7) / s.paid_hours_per_fte_week;
    fteByPool[pool.name] = fte;
    const cost = pool.cost ?? {};
    byPool[pool.name] =
      (cost.per_agent_hour ?? 0) * scheduledHoursPerYear +
      (cost.per_agent_year ?? 0) * fte +
      (cost.per_seat_year ?? 0) * plan.peak +
      (cost.fixed_per_year ?? 0);
  }
  const sl = kpis.serviceLevel[String(s.targets.answer_within_sec)] ?? NaN;
  const slGap = Number.isFinite(sl) ? Math.max(0, s.targets.service_level - sl) * 100 : 0;
  const abandonGap = Number.isFinite(kpis.abandonRate)
    ? Math.max(0, kpis.abandonRate - s.targets.abandon_rate_max) * 100
    : 0;
  const penaltyPerYear =
    slGap * s.penalties.per_point_below_service_level + abandonGap * s.penalties.per_point_above_abandon_rate;
  const staffPerYear = Object.values(byPool).reduce((a, b) => a + b, 0);
  const contracts = contractCosts(s, fromSec, toSec, contractKpis);
  const contractPricePerYear = contracts.reduce((a, c) => a + (c.assessment.price.total ?? NaN) * c.periodsPerYear, 0);
  const contractPenaltyPerYear = contracts.reduce((a, c) => a + (c.assessment.penalty ?? NaN) * c.periodsPerYear, 0);
  const perYear = staffPerYear + contractPricePerYear - contractPenaltyPerYear + penaltyPerYear;
  const answeredPerYear = kpis.answered * scale;
  return {
    perYear,
    staffPerYear,
    contractPricePerYear,
    contractPenaltyPerYear,
    contracts,
    byPool,
    fteByPool,
    penaltyPerYear,
    perAnsweredCall: answeredPerYear > 0 ? perYear / answeredPerYear : NaN,
  };
}
