import type { CallRecord } from '../record/call-record.js';
import { assessContract, type Contract, type PeriodAssessment } from './contract-assessment.js';
import { KpiGrouper, type KpiPeriodOptions } from './kpi-groups.js';
import { DEFAULT_KPI_OPTIONS, KpiAccumulator, type KpiOptions } from './kpis.js';

/** One contract, group and period assessed from records: the assessment and the call counts it stands on. */
export interface ContractPeriodReport extends PeriodAssessment {
  /** Calls of the contract's groups that reached a queue in the period, and of those answered. */
  readonly offered: number;
  readonly answered: number;
  /** The paid agent hours given for the period (`--agent-hours`), null when not given (records do not say). */
  readonly agentHoursGiven: number | null;
}

/** A contract assessed on recorded calls, period by period. */
export interface ContractRecordsReport {
  readonly name: string;
  /** The agent groups it covers (record `agentGroup`); assessed together, labelled joined by `+`. */
  readonly groups: readonly string[];
  readonly period: Contract['period'];
  readonly judgeOn: Contract['judge_on'];
  /** One entry per period with calls of its groups, in time order. */
  readonly periods: readonly ContractPeriodReport[];
}

/** Every contract's assessment, and the calls none could be given to (`hotline kpis --json` prints both fields). */
export interface ContractsReport {
  readonly contracts: readonly ContractRecordsReport[];
  /** Inbound calls that reached a queue without an agent group: no contract can count them (see README). */
  readonly queuedWithoutGroup: number;
}

/** Paid agent hours of a contract's group label (`a` or `a+b`) in a period label; undefined when unknown. */
export type AgentHoursOf = (group: string, period: string) => number | undefined;

/** `2026-Q1` for the month `2026-02`. */
const quarterOf = (month: string): string => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;

/**
 * Assesses contracts on records added one at a time, in any order: per contract, one KPI accumulator per
 * assessment period (month or quarter of the arrival, in the hotline's zone and day start) over the calls of its
 * groups (record `agentGroup`). Each contract's `answer_within_sec` is counted as a service-level threshold.
 *
 * @example
 * const b = new ContractPeriodsBuilder([contract], { timeZone: 'Asia/Shanghai' });
 * for (const r of records) b.add(r);
 * b.result((group, period) => hours[`${group}@${period}`]);
 */
export class ContractPeriodsBuilder {
  private readonly grouper: KpiGrouper;
  private readonly periods: Map<string, KpiAccumulator>[];
  private readonly kpiOptions: Partial<KpiOptions>[];
  private queuedWithoutGroup = 0;

  constructor(
    private readonly contracts: readonly Contract[],
    options: Partial<KpiPeriodOptions> & { readonly kpi?: Partial<KpiOptions> } = {},
  ) {
    this.grouper = new KpiGrouper(['month'], options);
    this.periods = contracts.map(() => new Map());
    const thresholds = options.kpi?.thresholdsSec ?? DEFAULT_KPI_OPTIONS.thresholdsSec;
    this.kpiOptions = contracts.map((c) => ({
      ...options.kpi,
      thresholdsSec: [...new Set([...thresholds, c.targets.answer_within_sec])].sort((a, b) => a - b),
    }));
  }

  /** Counts one record toward every contract covering its agent group. */
  add(r: CallRecord): void {
    if (r.agentGroup === null) {
      if (r.direction === 'inbound' && r.queueEntrySec !== null) this.queuedWithoutGroup += 1;
      return;
    }
    for (let i = 0; i < this.contracts.length; i += 1) {
      const contract = this.contracts[i] as Contract;
      if (!contract.group.includes(r.agentGroup)) continue;
      const month = this.grouper.periodsOf(r.arrivalSec).month;
      const period = contract.period === 'month' ? month : quarterOf(month);
      const byPeriod = this.periods[i] as Map<string, KpiAccumulator>;
      let acc = byPeriod.get(period);
      if (acc === undefined) {
        acc = new KpiAccumulator(this.kpiOptions[i]);
        byPeriod.set(period, acc);
      }
      acc.add(r);
    }
  }

  /** Every contract's assessment per period; `agentHours` gives the paid hours where known. */
  result(agentHours: AgentHoursOf = () => undefined): ContractsReport {
    const contracts = this.contracts.map((contract, i) => {
      const group = contract.group.join('+');
      const periods = [...(this.periods[i] as Map<string, KpiAccumulator>)]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([period, acc]) => {
          const kpis = acc.result();
          const hours = agentHours(group, period) ?? null;
          const [assessment] = assessContract(contract, [{ group, period, kpis, agentHours: hours }]);
          return { ...assessment!, offered: kpis.offered, answered: kpis.answered, agentHoursGiven: hours };
        });
      return {
        name: contract.name,
        groups: contract.group,
        period: contract.period,
        judgeOn: contract.judge_on,
        periods,
      };
    });
    return { contracts, queuedWithoutGroup: this.queuedWithoutGroup };
  }
}
