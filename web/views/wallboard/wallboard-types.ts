/** What GET /console/api/wallboard/live sends (src/console/wallboard/wallboard-api.ts WallboardEvent), as read here. */

/** The KPI figures the wallboard shows (a subset of `hotline kpis --json`'s `kpis`; NaN arrives as null). */
export interface Kpis {
  readonly arrivals: number;
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly abandonRate: number | null;
  readonly serviceLevelFromQueue: Readonly<Record<string, number | null>>;
  readonly serviceLevelFromArrival: Readonly<Record<string, number | null>>;
  readonly satisfactionStrict: number | null;
  readonly ratings: number;
  readonly answeredByPool: Readonly<Record<string, number>>;
}

export interface TargetAssessment {
  readonly target: string;
  readonly actual: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly met: boolean | null;
}

export interface Assessment {
  readonly period: string;
  readonly offered: number;
  readonly answered: number;
  readonly targets: readonly TargetAssessment[];
}

export interface ContractBoard {
  readonly contract: string;
  readonly group: string;
  readonly today: Assessment;
  readonly hour: Assessment;
  readonly breaking: readonly string[];
}

export interface WallboardEvent {
  readonly seq: number;
  readonly what: string;
  readonly feed: {
    readonly atSec: number;
    readonly queues: Readonly<Record<string, { readonly waiting: number; readonly longestWaitSec: number }>>;
    readonly longestWaitSec: number;
    readonly agents: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly today: { readonly window: { readonly day: string; readonly records: number }; readonly kpis: Kpis };
    readonly callbacksOwed: number;
    readonly connection24h: { readonly offered: number; readonly answered: number; readonly rate: number | null };
  };
  readonly board: {
    readonly contracts: readonly ContractBoard[];
    readonly calls: {
      readonly hours: readonly number[];
      readonly actual: readonly number[];
      readonly expected: readonly number[] | null;
      readonly scenario: string | null;
    };
    readonly overflow: { readonly queued: number; readonly answered: number };
  };
}

/** The agent states, in the order the wallboard shows them. */
export const AGENT_STATES = ['ready', 'on-call', 'wrap-up', 'away', 'logged-out'] as const;
