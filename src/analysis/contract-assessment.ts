import type { Kpis } from './kpis.js';
import { wilsonInterval } from './wilson-interval.js';

/** How a contract's money is owed when a target is missed: per percentage point (or second, for AHT) and per miss. */
export interface PenaltyRule {
  /** Per percentage point of a rate missed (per second outside the band for AHT), in the contract's currency. */
  readonly per_point: number;
  /** Once per period the target is missed. */
  readonly fixed: number;
}

/** The service targets of a contract; a target left out is not assessed. */
export interface ContractTargets {
  /** The wait, seconds, within which an answer counts for `service_level_min` (GB/T 33358: 15). */
  readonly answer_within_sec: number;
  /** Answered within `answer_within_sec` / offered, at least (15秒接通率). */
  readonly service_level_min?: number | undefined;
  /** Abandoned in queue / offered, at most. */
  readonly abandon_rate_max?: number | undefined;
  /** Satisfied ratings / ratings, at least, by `satisfaction_definition`. */
  readonly satisfaction_min?: number | undefined;
  /** strict: ratings 1–2 count as satisfied; lenient: 1–3 (基本满意 counted). */
  readonly satisfaction_definition: 'strict' | 'lenient';
  /** Mean handle time (talk + after-call work) band, seconds. */
  readonly aht_sec?: { readonly min?: number | undefined; readonly max?: number | undefined } | undefined;
  /** Answered / offered over the whole period, all 24 hours of every day (GB/T 33358 呼叫接通率 ≥ 95 %), at least. */
  readonly connection_rate_24h_min?: number | undefined;
}

/** A supervision contract of a contractor or an in-house team (a contract file, as the scenario room loads it). */
export interface Contract {
  readonly name: string;
  /** The agent groups (record `agentGroup`) the contract covers. */
  readonly group: readonly string[];
  readonly pool?: 'in-house' | 'outsourced' | undefined;
  readonly currency: string;
  /** The assessment period: targets are judged and the price owed once per period. */
  readonly period: 'month' | 'quarter';
  /** point: a target is missed when the estimate misses it; interval: only when the whole 95 % interval does. */
  readonly judge_on: 'point' | 'interval';
  readonly price: {
    readonly fixed_per_month: number;
    readonly per_agent_hour: number;
    readonly per_answered_call: number;
  };
  readonly targets: ContractTargets;
  readonly penalties: {
    readonly service_level?: PenaltyRule | undefined;
    readonly abandon_rate?: PenaltyRule | undefined;
    readonly satisfaction?: PenaltyRule | undefined;
    readonly aht?: PenaltyRule | undefined;
    readonly connection_rate_24h?: PenaltyRule | undefined;
    /** Penalties of a period are capped at this share of the period's price (null: no cap). */
    readonly cap_share_of_price: number | null;
  };
}

/** One group's figures for one period, as `KpiAccumulator.result()` gives them. */
export interface ContractPeriodInput {
  /** The agent group (or groups joined) these figures are of. */
  readonly group: string;
  /** The period's label, e.g. `2026-11` or `2026-Q4`. */
  readonly period: string;
  readonly kpis: Kpis;
  /**
   * Paid agent hours of the group in the period (for `price.per_agent_hour`); 0 when omitted; null when unknown
   * (call records alone do not say): a price per agent-hour then leaves the price, a capped penalty and the
   * payable amount not computable (null).
   */
  readonly agentHours?: number | null;
  /**
   * Multiplies agent hours and answered calls for the price only (default 1): a simulated window
   * standing for a longer period. Targets and intervals use the figures as given.
   */
  readonly volumeScale?: number;
}

/** The targets a contract can set, by key. */
export type ContractTargetKey = 'service_level' | 'abandon_rate' | 'satisfaction' | 'aht' | 'connection_rate_24h';

/** One target of one period: actual value, its 95 % interval, met or missed, and the penalty owed. */
export interface TargetAssessment {
  readonly target: ContractTargetKey;
  /** The actual value (rates 0..1, AHT seconds); NaN when the period has nothing to measure it on. */
  readonly actual: number;
  /** Wilson 95 % interval for rates; null for AHT (records give no spread) or when nothing was measured. */
  readonly interval: readonly [number, number] | null;
  readonly min: number | null;
  readonly max: number | null;
  /** null: not judged (nothing measured, e.g. no ratings). */
  readonly met: boolean | null;
  /** How far the estimate misses: percentage points for rates, seconds for AHT; 0 when met. */
  readonly shortfall: number;
  /** Penalty owed for this target before the period's cap. */
  readonly penalty: number;
}

/** One group and period against a contract. */
export interface PeriodAssessment {
  readonly contract: string;
  readonly group: string;
  readonly period: string;
  readonly currency: string;
  /** How targets were judged (the contract's `judge_on`). */
  readonly judgeOn: Contract['judge_on'];
  readonly targets: readonly TargetAssessment[];
  /**
   * The price owed for the period: fixed + agent hours × rate + answered calls × rate. `agentHours` and `total`
   * are null when the contract has a price per agent-hour and the agent hours are unknown.
   */
  readonly price: {
    readonly fixed: number;
    readonly agentHours: number | null;
    readonly answeredCalls: number;
    readonly total: number | null;
  };
  /** Sum of the targets' penalties before the cap. */
  readonly penaltyUncapped: number;
  /** Penalty owed after the cap; null when a cap applies to a price that is not computable. */
  readonly penalty: number | null;
  /** Whether the cap cut the penalty; null when that is not computable. */
  readonly capped: boolean | null;
  /** What the contractor is paid: price − penalty, never below 0; null when either is not computable. */
  readonly payable: number | null;
}

/** Months in a contract period. */
export const MONTHS_PER_PERIOD = { month: 1, quarter: 3 } as const;

/** A rate's exact counts as KpiAccumulator gives them (`kpis.counts[name]`). */
function counted(kpis: Kpis, name: string): { actual: number; successes: number; trials: number } {
  const count = kpis.counts[name];
  if (count === undefined)
    throw new Error(
      `the KPIs have no counts for ${name}: count them with thresholdsSec including the contract's answer_within_sec`,
    );
  const { numerator, denominator } = count;
  return { actual: denominator > 0 ? numerator / denominator : NaN, successes: numerator, trials: denominator };
}

function judgeRate(
  target: ContractTargetKey,
  figure: { actual: number; successes: number; trials: number },
  bound: { min?: number; max?: number },
  rule: PenaltyRule | undefined,
  judgeOn: Contract['judge_on'],
): TargetAssessment {
  const min = bound.min ?? null;
  const max = bound.max ?? null;
  if (!(figure.trials > 0))
    return { target, actual: NaN, interval: null, min, max, met: null, shortfall: 0, penalty: 0 };
  const { low, high } = wilsonInterval(figure.successes, figure.trials);
  const interval = [low, high] as const;
  const gap = min !== null ? min - figure.actual : figure.actual - (max as number);
  const missed = judgeOn === 'interval' ? (min !== null ? interval[1] < min : interval[0] > (max as number)) : gap > 0;
  const shortfall = missed ? gap * 100 : 0;
  return {
    target,
    actual: figure.actual,
    interval,
    min,
    max,
    met: !missed,
    shortfall,
    penalty: owed(missed, shortfall, rule),
  };
}

function owed(missed: boolean, shortfall: number, rule: PenaltyRule | undefined): number {
  return missed && rule ? rule.fixed + rule.per_point * shortfall : 0;
}

function judgeAht(contract: Contract, kpis: Kpis): TargetAssessment | null {
  const band = contract.targets.aht_sec;
  if (!band || (band.min === undefined && band.max === undefined)) return null;
  const min = band.min ?? null;
  const max = band.max ?? null;
  const actual = kpis.ahtSec;
  if (!Number.isFinite(actual))
    return { target: 'aht', actual: NaN, interval: null, min, max, met: null, shortfall: 0, penalty: 0 };
  const shortfall = Math.max(0, min !== null ? min - actual : 0, max !== null ? actual - max : 0);
  const missed = shortfall > 0;
  const penalty = owed(missed, shortfall, contract.penalties.aht);
  return { target: 'aht', actual, interval: null, min, max, met: !missed, shortfall, penalty };
}

/** The targets of one period's figures, in a fixed order (those the contract sets). */
function judgeTargets(contract: Contract, kpis: Kpis): TargetAssessment[] {
  const t = contract.targets;
  const p = contract.penalties;
  const on = contract.judge_on;
  const out: (TargetAssessment | null)[] = [
    t.service_level_min === undefined
      ? null
      : judgeRate(
          'service_level',
          counted(kpis, `serviceLevel.${t.answer_within_sec}`),
          { min: t.service_level_min },
          p.service_level,
          on,
        ),
    t.abandon_rate_max === undefined
      ? null
      : judgeRate('abandon_rate', counted(kpis, 'abandonRate'), { max: t.abandon_rate_max }, p.abandon_rate, on),
    t.satisfaction_min === undefined
      ? null
      : judgeRate(
          'satisfaction',
          counted(kpis, t.satisfaction_definition === 'strict' ? 'satisfactionStrict' : 'satisfactionLenient'),
          { min: t.satisfaction_min },
          p.satisfaction,
          on,
        ),
    judgeAht(contract, kpis),
    t.connection_rate_24h_min === undefined
      ? null
      : judgeRate(
          'connection_rate_24h',
          counted(kpis, 'answerRate'),
          { min: t.connection_rate_24h_min },
          p.connection_rate_24h,
          on,
        ),
  ];
  return out.filter((a): a is TargetAssessment => a !== null);
}

/**
 * Assesses a contract: for each group and period given, each target's actual
 * value with its Wilson 95 % interval (from the KPIs' exact `counts`), met or missed (on the point estimate, or with `judge_on:
 * interval` only when the whole interval misses), the penalty owed (fixed +
 * per point × percentage points missed, capped per period at
 * `cap_share_of_price` × the period's price), the price (fixed per month ×
 * months + agent hours × rate + answered × rate) and what is payable. A
 * target with nothing to measure (no calls, no ratings) is not judged.
 * Pass only the groups the contract covers (`contract.group`).
 *
 * @example assessContract(contract, [{ group: 'vendor-a', period: '2026-11', kpis, agentHours: 7200 }])
 */
export function assessContract(contract: Contract, periods: readonly ContractPeriodInput[]): PeriodAssessment[] {
  return periods.map(({ group, period, kpis, agentHours = 0, volumeScale = 1 }) => {
    const targets = judgeTargets(contract, kpis);
    const fixed = contract.price.fixed_per_month * MONTHS_PER_PERIOD[contract.period];
    const perHour = contract.price.per_agent_hour;
    const hours = perHour === 0 ? 0 : agentHours === null ? null : agentHours * volumeScale * perHour;
    const answeredCalls = kpis.answered * volumeScale * contract.price.per_answered_call;
    const total = hours === null ? null : fixed + hours + answeredCalls;
    const penaltyUncapped = targets.reduce((sum, a) => sum + a.penalty, 0);
    const share = contract.penalties.cap_share_of_price;
    // Without a cap, or with nothing to cap, the penalty is known even when the price is not.
    const cap = share === null || penaltyUncapped === 0 ? Infinity : total === null ? null : share * total;
    const penalty = cap === null ? null : Math.min(penaltyUncapped, cap);
    return {
      contract: contract.name,
      group,
      period,
      currency: contract.currency,
      judgeOn: contract.judge_on,
      targets,
      price: { fixed, agentHours: hours, answeredCalls, total },
      penaltyUncapped,
      penalty,
      capped: cap === null ? null : penaltyUncapped > cap,
      payable: total === null || penalty === null ? null : Math.max(0, total - penalty),
    };
  });
}
