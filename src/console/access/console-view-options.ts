import type { FlowDefinition } from '../../flow/flow-definition.js';
import type { ScenarioComparison } from '../../planning/compare.js';
import type { SimulationSummary } from '../../planning/run-scenario.js';
import type { Scenario } from '../../scenario/scenario-schema.js';
import type { ConsoleSessions } from './console-session.js';

/**
 * What the HTML report of `hotline simulate --out` / `hotline compare --out` renders (src/report/html-report.ts'
 * ReportInput, by shape): the planner keeps it for each done job and hands it to `renderReport`.
 */
export interface PlannerReportInput {
  readonly title: string;
  readonly scenarios: readonly {
    readonly name: string;
    readonly summary: SimulationSummary;
    readonly targets: Scenario['targets'];
  }[];
  readonly comparison?: ScenarioComparison;
  readonly seed?: number;
}

/** What every view's API plugin is given (beside `app.hotline`, the live line's services). */
export interface ConsoleViewOptions {
  readonly sessions: ConsoleSessions;
  /** The flow the live line runs. */
  readonly flow: FlowDefinition;
  /** The working directory: scenarios, flows, contracts and recordings are looked up from it. */
  readonly cwd: string;
  /** Folder of the planner's scenarios (listed, opened, and where changed ones are saved). */
  readonly scenariosDir: string;
  /** Folder of the flows the softphone and the flow view list (beside the shipped ones). */
  readonly flowsDir: string;
  /** Folder the softphone saves recordings into (hotline-recording/1). */
  readonly recordingsDir: string;
  /** Contract files (absolute paths) the wallboard holds each contracted group's day against. */
  readonly contracts: readonly string[];
  /** A (calibrated) scenario file whose expected calls per hour the wallboard shows beside today's, or null. */
  readonly expectScenario: string | null;
  /** HOTLINE_ADMIN_TOKEN, or null. */
  readonly adminToken: string | null;
  /**
   * The CLI's HTML report renderer (src/report is on the console's floor, so the console cannot import it: the
   * command that builds the server, one floor up, hands it in). Without it the planner's report download answers
   * HOTLINE_PLANNER_JOB_NOT_DONE.
   */
  readonly renderReport?: (input: PlannerReportInput) => string;
}
