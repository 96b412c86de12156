import { KpiAccumulator } from '../analysis/kpis.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { RecordSink } from '../sim/sim-state.js';

/** Service level by day of the run and hour of the day (a heat map): null where no call was offered. */
export interface DayHourServiceLevel {
  /** The threshold, seconds (the scenario's targets.answer_within_sec). */
  readonly thresholdSec: number;
  /** values[day][hour]: answered within the threshold / offered, 0..1, or null. */
  readonly values: readonly (readonly (number | null)[])[];
  /** Calls offered in each cell. */
  readonly offered: readonly (readonly number[])[];
}

/** Most days the heat map keeps (a longer run is cut: the map is for reading days apart, not a year). */
export const MAX_HEATMAP_DAYS = 31;

/**
 * Counts one replication's records by day of the run and hour of the day with the KPI module (KpiAccumulator, the
 * same computation as every other service level), after the scenario's warm-up. Feed it as the record sink of one
 * replication (simulateReplications' recordSink), then read `result()`.
 */
export class DayHourCounter {
  private readonly cells = new Map<number, KpiAccumulator>();
  private readonly thresholdSec: number;
  private readonly warmupSec: number;

  constructor(scenario: Scenario) {
    this.thresholdSec = scenario.targets.answer_within_sec;
    this.warmupSec = scenario.warmup_minutes * 60;
  }

  /** The sink to pass to a replication. */
  readonly sink: RecordSink = (record) => {
    const day = Math.floor(record.arrivalSec / 86400);
    if (day >= MAX_HEATMAP_DAYS) return;
    const key = day * 24 + Math.floor((record.arrivalSec % 86400) / 3600);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = new KpiAccumulator({ thresholdsSec: [this.thresholdSec], warmupSec: this.warmupSec, histogramMaxSec: 60 });
      this.cells.set(key, cell);
    }
    cell.add(record);
  };

  /** The map so far: one row per day that had a call. */
  result(): DayHourServiceLevel {
    const days = this.cells.size === 0 ? 0 : Math.max(...[...this.cells.keys()].map((k) => Math.floor(k / 24))) + 1;
    const values: (number | null)[][] = [];
    const offered: number[][] = [];
    for (let d = 0; d < days; d += 1) {
      const row: (number | null)[] = [];
      const counts: number[] = [];
      for (let h = 0; h < 24; h += 1) {
        const kpis = this.cells.get(d * 24 + h)?.result();
        const n = kpis?.offered ?? 0;
        counts.push(n);
        row.push(kpis && n > 0 ? (kpis.serviceLevel[String(this.thresholdSec)] ?? null) : null);
      }
      values.push(row);
      offered.push(counts);
    }
    return { thresholdSec: this.thresholdSec, values, offered };
  }
}
