import { assessContract, type Contract, type PeriodAssessment } from '../../analysis/contract-assessment.js';
import { DEFAULT_KPI_OPTIONS, KpiAccumulator } from '../../analysis/kpis.js';
import type { CallRecord } from '../../record/call-record.js';
import type { ContractBoard as WireContractBoard } from './wallboard-wire.js';

/**
 * One contract on the wallboard (wallboard-wire.ts ContractBoard) as assessed here: each period's whole assessment
 * (currency, intervals, penalties: sent as well, though the page reads only the wire type's part).
 */
export interface ContractBoard extends WireContractBoard {
  readonly today: PeriodAssessment & { readonly offered: number; readonly answered: number };
  readonly hour: PeriodAssessment & { readonly offered: number; readonly answered: number };
}

/** Accumulators of one contract: the day's and the hour's. */
interface Watched {
  readonly contract: Contract;
  readonly thresholdsSec: number[];
  day: KpiAccumulator;
  hour: KpiAccumulator;
}

/**
 * Each contract's groups (record `agentGroup`) counted today and in the current hour, assessed with the same code
 * as `hotline kpis --contract` (assessContract), each window as a period of its own. Records come one at a time
 * (counted once each by the caller); `roll` starts a new hour or day empty.
 */
export class ContractWatch {
  private readonly watched: Watched[];

  constructor(contracts: readonly Contract[]) {
    this.watched = contracts.map((contract) => {
      const thresholdsSec = [...new Set([...DEFAULT_KPI_OPTIONS.thresholdsSec, contract.targets.answer_within_sec])];
      thresholdsSec.sort((a, b) => a - b);
      const acc = () => new KpiAccumulator({ thresholdsSec, repeatCallers: false });
      return { contract, thresholdsSec, day: acc(), hour: acc() };
    });
  }

  /** Starts the day's figures (`day`) and/or the hour's (`hour`) again. */
  roll(which: { readonly day: boolean; readonly hour: boolean }): void {
    for (const w of this.watched) {
      const fresh = () => new KpiAccumulator({ thresholdsSec: w.thresholdsSec, repeatCallers: false });
      if (which.day) w.day = fresh();
      if (which.hour) w.hour = fresh();
    }
  }

  /** Counts a final record of today toward each contract covering its group; `thisHour` also toward the hour's. */
  add(record: CallRecord, thisHour: boolean): void {
    if (record.agentGroup === null) return;
    for (const w of this.watched) {
      if (!w.contract.group.includes(record.agentGroup)) continue;
      w.day.add(record);
      if (thisHour) w.hour.add(record);
    }
  }

  /** A handle time written after its (today's) record was counted. */
  addLateHandle(record: CallRecord, handleSec: number, thisHour: boolean): void {
    if (record.agentGroup === null) return;
    for (const w of this.watched) {
      if (!w.contract.group.includes(record.agentGroup)) continue;
      w.day.addLateHandle(record, handleSec);
      if (thisHour) w.hour.addLateHandle(record, handleSec);
    }
  }

  /** Every contract assessed on today (`day`, e.g. `2026-12-03`) and the current hour (`hour`, its local label). */
  result(day: string, hour: string): ContractBoard[] {
    return this.watched.map(({ contract, day: dayAcc, hour: hourAcc }) => {
      const group = contract.group.join('+');
      const assess = (period: string, acc: KpiAccumulator) => {
        const kpis = acc.result();
        const [assessment] = assessContract(contract, [{ group, period, kpis, agentHours: null }]);
        return { ...(assessment as PeriodAssessment), offered: kpis.offered, answered: kpis.answered };
      };
      const hourly = assess(hour, hourAcc);
      const breaking = hourly.targets.filter((t) => t.met === false).map((t) => t.target);
      return { contract: contract.name, group, today: assess(day, dayAcc), hour: hourly, breaking };
    });
  }
}
