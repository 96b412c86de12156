/** The planner API's answers as the page reads them (src/console/planner/*: the shapes, restated for the browser). */

export interface ScenarioEntry {
  readonly file: string;
  readonly title: string;
  readonly description: string | null;
}

/** A scenario's YAML data as written (what the forms edit). */
export type ScenarioData = Record<string, unknown>;

export interface OpenedScenario {
  readonly file: string;
  readonly yaml: string;
  readonly data: ScenarioData;
  readonly valid: boolean;
  readonly message?: string;
  readonly fields?: Readonly<Record<string, string>>;
}

export interface Validation {
  readonly valid: boolean;
  readonly message?: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface Figure {
  readonly mean: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

export interface ScenarioCharts {
  readonly name: string;
  readonly inputs: {
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
      readonly agents: number;
      readonly shrinkage: number;
    }[];
  };
  readonly hours: readonly string[];
  readonly serviceLevelByHour: readonly Figure[];
  readonly abandonByHour: readonly Figure[];
  readonly occupancyByHour: readonly (number | null)[];
  readonly offeredByHour: readonly (number | null)[];
  readonly waitTail: { readonly sec: readonly number[]; readonly share: readonly number[] };
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
  readonly meetsTargets: boolean;
}

export interface SimulationResult {
  readonly kind: 'simulate' | 'compare';
  readonly seed: number;
  readonly replications: number;
  readonly scenarios: readonly ScenarioCharts[];
  readonly cheapestMeetingTargets: string | null;
}

export interface StaffResult {
  readonly kind: 'staff';
  readonly plan: {
    readonly scenario: string;
    readonly pools?: readonly { readonly name: string; readonly agentsByHour: readonly number[] }[];
  };
}

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

export interface JobView {
  readonly id: string;
  readonly kind: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  readonly progress: { readonly done: number; readonly total: number };
  readonly result: SimulationResult | StaffResult | TwinResult | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}
