import { meanCi, type Estimate } from '../analysis/confidence.js';
import type { ContractTargetKey } from '../analysis/contract-assessment.js';
import type { ReplicationResult } from './run-scenario.js';

/** One target of a contract across replications. */
export interface ContractTargetSummary {
  readonly target: ContractTargetKey;
  readonly min: number | null;
  readonly max: number | null;
  /** The actual value's mean and 95 % CI over replications. */
  readonly actual: Estimate;
  /** Replications in which the target was missed, and in which it was judged. */
  readonly missed: number;
  readonly judged: number;
  /** Penalty per period for this target (before the cap), mean and CI. */
  readonly penalty: Estimate;
}

/** A scenario's contract, predicted over replications: each replication's window assessed as one period. */
export interface ContractSummary {
  readonly name: string;
  readonly file: string;
  readonly pools: readonly string[];
  readonly currency: string;
  readonly period: string;
  readonly judgeOn: string;
  /** How the simulated window stands for the period, in words (for outputs). */
  readonly note: string;
  readonly targets: readonly ContractTargetSummary[];
  /** Per period: price, penalty (after the cap) and payable; mean and CI. */
  readonly pricePerPeriod: Estimate;
  readonly penaltyPerPeriod: Estimate;
  readonly payablePerPeriod: Estimate;
  /** Replications in which the cap limited the penalty. */
  readonly capped: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The contracts of a simulated scenario, summarised across its replications (empty when it names none). */
export function summariseContracts(replications: readonly ReplicationResult[]): ContractSummary[] {
  const first = replications[0];
  if (!first) return [];
  return first.cost.contracts.map((c, i) => {
    const runs = replications.map((r) => r.cost.contracts[i]!);
    const a = c.assessment;
    const windowDays = round(c.windowDays);
    const days = `${windowDays} simulated day${windowDays === 1 ? '' : 's'}`;
    const note =
      c.scale === 1
        ? `each replication's window (${days}) is one period`
        : `each replication's window (${days}) is assessed as one ${c.periodsPerYear === 12 ? 'month' : 'quarter'} (${round(c.periodDays)} days): targets on the simulated figures, agent hours and answered calls ×${round(c.scale)} for the price`;
    return {
      name: a.contract,
      file: c.file,
      pools: c.pools,
      currency: a.currency,
      period: c.periodsPerYear === 12 ? 'month' : 'quarter',
      judgeOn: a.judgeOn,
      note,
      targets: a.targets.map((t, k) => {
        const of = runs.map((r) => r.assessment.targets[k]!);
        return {
          target: t.target,
          min: t.min,
          max: t.max,
          actual: meanCi(of.map((x) => x.actual)),
          missed: of.filter((x) => x.met === false).length,
          judged: of.filter((x) => x.met !== null).length,
          penalty: meanCi(of.map((x) => x.penalty)),
        };
      }),
      pricePerPeriod: meanCi(runs.map((r) => r.assessment.price.total ?? NaN)),
      penaltyPerPeriod: meanCi(runs.map((r) => r.assessment.penalty ?? NaN)),
      payablePerPeriod: meanCi(runs.map((r) => r.assessment.payable ?? NaN)),
      capped: runs.filter((r) => r.assessment.capped).length,
    };
  });
}
