import type { CallRecord } from '../record/call-record.js';

/**
 * The calibration's contract (`hotline calibrate`): one pass over the records in arrival order feeds every part;
 * each part fits one family of scenario fields (demand, handle times, patience, redials, routing, staffing,
 * IVR choices, survey and satisfaction) and returns its values three ways: the JSON summary under `fitted`, the
 * scenario entries (each value with its source comment), and notes (what could not be fitted, and why).
 */

/** Where a record falls in the hotline's local calendar (the orchestrator computes it once per record). */
export interface LocalTime {
  /** Days since the first local day of the period (0 = the first day). */
  readonly dayIndex: number;
  /** Local hour of the arrival, 0..23. */
  readonly hour: number;
  /** Local weekday of the arrival's day, 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
}

/** What every part knows when it finishes. */
export interface CalibrationContext {
  /** The hotline's IANA time zone. */
  readonly timeZone: string;
  /** The period the records cover: first arrival counted (inclusive) and end (exclusive), epoch seconds. */
  readonly fromSec: number;
  readonly toSec: number;
  /** Local days in the period (whole days, at least 1). */
  readonly days: number;
  /** Local weekday of the period's first day, 0 = Monday. */
  readonly firstWeekday: number;
  /** Records read (all of them, whatever each part used). */
  readonly records: number;
  /** A short name of the records' source (file names), for comments. */
  readonly source: string;
}

/** One fitted value of the scenario: where it goes, the value, and where it came from. */
export interface FittedEntry {
  /**
   * Path in the scenario, e.g. ['demand', 'calls_per_day'] or ['call_types', 0, 'handle_sec']. After `call_types`
   * or `pools`, a string names the item (['call_types', 'consult', 'handle_sec'], ['pools', 'City team']): the
   * orchestrator finds the item with that `name` (or adds it), so parts need not agree on list order.
   */
  readonly path: readonly (string | number)[];
  readonly value: unknown;
  /** One line: the source (records, period, N) and the fit's quality, e.g. "N=41,203 answered calls; KS D=0.012". */
  readonly comment: string;
}

/** What a part returns when the records are all read. */
export interface CalibrationResult {
  /** Its keys under the JSON summary's `fitted` (e.g. { handleSec: { … } }). */
  readonly json: Readonly<Record<string, unknown>>;
  readonly entries: readonly FittedEntry[];
  /** What could not be fitted from these records, or was estimated rather than observed, one line each. */
  readonly notes: readonly string[];
}

/** One family of fitted fields. */
export interface CalibrationPart {
  /** Called once per record, in arrival order. */
  add(record: CallRecord, local: LocalTime): void;
  finish(context: CalibrationContext): CalibrationResult;
}

/** `x` to `digits` decimals, as the calibration's JSON and scenario entries print fitted values. */
export function roundTo(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
