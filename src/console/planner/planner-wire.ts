/**
 * The planner's JSON shapes (GET /console/api/planner/scenarios…, the jobs and their events), declared once: the
 * server builds them (scenario-files.ts, planner-api.ts, planner-chart-data.ts, planner-runs.ts, planner-twin.ts,
 * planner-jobs.ts: its values must be assignable to these) and the page reads them (web/views/planner/,
 * `import type`). Types only, importing nothing. Where the server sends more than the page reads (a staffing plan,
 * a twin's notes), the shape names what the page reads.
 */

/** A scenario file of the planner's folder, as the list shows it (GET /scenarios answers `{ scenarios }`). */
export interface ScenarioEntry {
  /** The file's name in the folder, e.g. `midsize-city-inhouse.yaml`. */
  readonly file: string;
  /** The scenario's `name:` (its title), or the file name when the file does not parse. */
  readonly title: string;
  readonly description: string | null;
}

/** A scenario's YAML data as written (what the forms edit). */
export type ScenarioData = Record<string, unknown>;

/** What GET /scenarios/:file answers: the file's text and data, and whether it loads (with the field errors). */
export interface OpenedScenario {
  readonly file: string;
  readonly yaml: string;
  /** The file's YAML parsed (a mapping for a scenario file), or null when it is not YAML at all. */
  readonly data: ScenarioData | null;
  readonly valid: boolean;
  readonly message?: string;
  readonly fields?: Readonly<Record<string, string>>;
}

/** What POST /scenarios answers (201): the new file's name and its scenario's title. */
export interface SavedScenario {
  readonly file: string;
  readonly title: string;
}

/** What POST /scenarios/validate answers. */
export interface Validation {
  readonly valid: boolean;
  readonly message?: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** A figure with its 95 % confidence interval (null where the runs have no such figure). */
export interface Figure {
  readonly mean: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

/** The inputs a planner changes, as run. */
export interface ScenarioInputs {
  /** The scenario's targets (as in its YAML). */
  readonly targets: {
    readonly answer_within_sec: number;
    readonly service_level: number;
    readonly abandon_rate_max?: number;
  };
  readonly callsPerDay: number | null;
  readonly replications: number;
  readonly seed: number;
  readonly pools: readonly {
    readonly name: string;
    readonly pool: string;
    /** Constant agents, or the hourly pattern's peak, or the shifts' agents summed. */
    readonly agents: number;
    readonly shrinkage: number;
  }[];
}

/** One scenario's results as the planner's charts read them (rates 0..1, seconds, money per year). */
export interface ScenarioCharts {
  readonly name: string;
  /** What was run: the inputs beside the results. */
  readonly inputs: ScenarioInputs;
  /** Interval labels, e.g. `09:00`. */
  readonly hours: readonly string[];
  /** Service level at the target threshold by interval, with its CI. */
  readonly serviceLevelByHour: readonly Figure[];
  readonly abandonByHour: readonly Figure[];
  readonly occupancyByHour: readonly (number | null)[];
  readonly offeredByHour: readonly (number | null)[];
  /** P(wait > t) of answered calls (all replications), at each 5-second step where it is above 0. */
  readonly waitTail: { readonly sec: readonly number[]; readonly share: readonly number[] };
  /** Replication 0's service level by day and hour (src/planning/day-hour-service-level.ts), null without it. */
  readonly heatmap: { readonly thresholdSec: number; readonly values: readonly (readonly (number | null)[])[] } | null;
  readonly serviceLevel: Figure;
  readonly abandonRate: Figure;
  readonly cost: {
    readonly perYear: Figure;
    readonly staffPerYear: number;
    readonly byPool: Readonly<Record<string, number>>;
    readonly contractPricePerYear: number;
    readonly penaltiesPerYear: number;
  };
  /** Whether the point estimates meet the targets (target-check.ts). */
  readonly meetsTargets: boolean;
}

/** What a simulate or compare job answers: each scenario's charts and the cheapest meeting its targets. */
export interface SimulationResult {
  readonly kind: 'simulate' | 'compare';
  readonly seed: number;
  readonly replications: number;
  readonly scenarios: readonly ScenarioCharts[];
  /** The scenario with the lowest mean cost among those meeting their targets, or null. */
  readonly cheapestMeetingTargets: string | null;
}

/** What a staff job answers: `hotline staff`'s plan (src/planning/staffing-plan.ts StaffingPlan), as the page reads it. */
export interface StaffResult {
  readonly kind: 'staff';
  readonly plan: {
    readonly scenario: string;
    readonly pools?: readonly { readonly name: string; readonly agentsByHour: readonly number[] }[];
  };
}

/** What a twin job answers: `hotline twin`'s verdicts (src/planning/twin.ts TwinResult), as the page reads them. */
export interface TwinResult {
  readonly kind: 'twin';
  readonly twin: {
    readonly scenario: string;
    readonly records: number;
    readonly inside: boolean;
    readonly period: { readonly from: string; readonly to: string };
    readonly kpis: Readonly<
      Record<
        string,
        {
          readonly actual: number;
          readonly predicted: number;
          readonly low: number;
          readonly high: number;
          readonly inside: boolean;
        }
      >
    >;
  };
}

/** What a finished job answers, by kind. */
export type PlannerJobResult = SimulationResult | StaffResult | TwinResult;

/** What a planner job can be. */
export type PlannerJobKind = 'simulate' | 'compare' | 'staff' | 'twin';

/** Where a job is: waiting, running, or ended one way. */
export type PlannerJobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * A job as GET /jobs/:id, POST /jobs and the job's events answer it. The job queue (planner-jobs.ts) runs any work,
 * so it keeps `Result` open (`unknown`); the planner's jobs answer a PlannerJobResult.
 */
export interface PlannerJobView<Result = PlannerJobResult> {
  readonly id: string;
  readonly kind: PlannerJobKind;
  readonly status: PlannerJobStatus;
  /** Replications (or rounds) done of the total; total 0 before it starts. */
  readonly progress: { readonly done: number; readonly total: number };
  /** The job's result when done (chart data and inputs). */
  readonly result: Result | null;
  /** Why it failed: the error's one line and code. */
  readonly error: { readonly code: string; readonly message: string } | null;
}
