import type { HourFigure } from '../analysis/staffing-revision.js';
import type { SimulationSummary } from './run-scenario.js';

const NO_FIGURE: HourFigure = { mean: NaN, ci: [NaN, NaN] };

/**
 * One KPI of a simulation summary as a mean with its 95 % CI, read by its path in `summary.estimates`; NaN (mean and
 * both ends) when the runs produced no such KPI.
 *
 * @example
 * summaryFigure(summary, 'byInterval.10.abandonRate') // { mean: 0.031, ci: [0.024, 0.038] }
 */
export function summaryFigure(summary: SimulationSummary, path: string): HourFigure {
  const e = summary.estimates.get(path);
  return e === undefined ? NO_FIGURE : { mean: e.mean, ci: e.ci };
}
