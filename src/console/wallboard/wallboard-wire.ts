/**
 * The wallboard's JSON shapes (each event of GET /console/api/wallboard/live), declared once: the server builds them
 * (wallboard-api.ts, wallboard-board.ts, contract-watch.ts: its values must be assignable to these) and the page reads
 * them (web/views/wallboard/, `import type`). Types only, importing nothing. A figure the server computes as NaN
 * (a rate with nothing to measure it on) arrives as null in JSON: such figures are `number | null` here.
 */

/** The KPI figures the wallboard shows: a subset of `hotline kpis --json`'s `kpis` (src/analysis/kpis.ts Kpis). */
export interface WallboardKpis {
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

/** The live feed's state as the wallboard reads it (src/server/services/live-feed.ts WallboardState). */
export interface WallboardFeed {
  readonly atSec: number;
  readonly queues: Readonly<Record<string, { readonly waiting: number; readonly longestWaitSec: number }>>;
  readonly longestWaitSec: number;
  /** Agents per group, per state. */
  readonly agents: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly today: { readonly window: { readonly day: string; readonly records: number }; readonly kpis: WallboardKpis };
  readonly callbacksOwed: number;
  readonly connection24h: { readonly offered: number; readonly answered: number; readonly rate: number | null };
}

/** One target of a contract in a period (src/analysis/contract-assessment.ts TargetAssessment, as shown). */
export interface TargetAssessment {
  readonly target: string;
  /** Rates 0..1, AHT seconds; null when the period has nothing to measure it on. */
  readonly actual: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** null: not judged (nothing measured, e.g. no ratings). */
  readonly met: boolean | null;
}

/** A contract assessed on one period, with the period's calls. */
export interface Assessment {
  readonly period: string;
  readonly offered: number;
  readonly answered: number;
  readonly targets: readonly TargetAssessment[];
}

/** One contract on the wallboard: today's figures and the current hour's against its targets. */
export interface ContractBoard {
  readonly contract: string;
  /** Its agent groups joined by `+` (as `hotline kpis --contract` labels them). */
  readonly group: string;
  /** Today (the business day), assessed as a period of its own. */
  readonly today: Assessment;
  /** The current local hour, assessed as a period of its own. */
  readonly hour: Assessment;
  /** The targets the current hour is breaking (met === false): an alert when not empty. */
  readonly breaking: readonly string[];
}

/** Today's calls per local hour beside the expected scenario's, in the day's order (from the day-start hour). */
export interface HourlyCalls {
  /** Local clock hours, 0–23, starting at the day-start hour. */
  readonly hours: readonly number[];
  /** Calls that arrived in each hour (inbound, final: the `arrivals` of `hotline kpis --by hour`, summed per hour). */
  readonly actual: readonly number[];
  /** The scenario's expected calls in each hour (calls per day × weekday factor × profile share); null without one. */
  readonly expected: readonly number[] | null;
  /** The scenario file's name, or null. */
  readonly scenario: string | null;
}

/** Calls that went to the contractors (the outsourced pool) today: the `outsourced` group of `hotline kpis --by pool`. */
export interface Overflow {
  /** Calls that reached a queue and were last held by (or answered in) the outsourced pool (the group's `offered`). */
  readonly queued: number;
  /** Of those, answered (`answeredByPool.outsourced` of `hotline kpis`). */
  readonly answered: number;
}

/** What the console's wallboard adds to the live feed's state. */
export interface WallboardBoard {
  readonly contracts: readonly ContractBoard[];
  readonly calls: HourlyCalls;
  readonly overflow: Overflow;
}

/** What each wallboard event carries: its sequence number, what changed, the live feed's state and the board's own. */
export interface WallboardEvent {
  /** The live feed's sequence number of the state (also the event's `id:`). */
  readonly seq: number;
  /** `snapshot` for the first event of a stream, else what changed (src/server/services/live-feed.ts WallboardChange). */
  readonly what: 'kpis' | 'line' | 'day' | 'snapshot';
  /** The live feed's state: the same object GET /admin/live sends. */
  readonly feed: WallboardFeed;
  readonly board: WallboardBoard;
}
