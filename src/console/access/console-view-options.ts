import type { FlowDefinition } from '../../flow/flow-definition.js';
import type { ConsoleSessions } from './console-session.js';

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
}
