import type { HourFigure } from '../analysis/staffing-revision.js';
import type { AgentPool } from '../record/call-record.js';
import type { SimulationSummary } from './run-scenario.js';
import { summaryFigure } from './summary-figure.js';

/** Whole-run KPIs, each a mean over replications with its 95 % CI. */
export interface OverallKpis {
  readonly offered: HourFigure;
  readonly serviceLevel: HourFigure;
  readonly abandonRate: HourFigure;
  readonly asaSec: HourFigure;
  readonly occupancy: HourFigure;
}

/**
 * The whole-run KPIs of a simulation summary: calls offered, service level within `targetSec` seconds, abandon rate,
 * ASA (seconds) and the occupancy of `pool`.
 */
export function overallKpis(summary: SimulationSummary, targetSec: number, pool: AgentPool): OverallKpis {
  return {
    offered: summaryFigure(summary, 'offered'),
    serviceLevel: summaryFigure(summary, `serviceLevel.${targetSec}`),
    abandonRate: summaryFigure(summary, 'abandonRate'),
    asaSec: summaryFigure(summary, 'asaSec'),
    occupancy: summaryFigure(summary, `occupancy.${pool}`),
  };
}
