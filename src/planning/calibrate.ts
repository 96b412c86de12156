import { DateTime } from 'luxon';
import { HotlineError } from '../errors.js';
import type { CallRecord } from '../record/call-record.js';
import { parseScenario } from '../scenario/load-scenario.js';
import { ScenarioFacts } from './calibrate-defaults.js';
import type { FlowDefinition } from '../flow/flow-definition.js';
import type { AgentDutyChange } from '../store/sqlite-agent-duty-log.js';
import { FollowUpCalls } from '../analysis/follow-up-calls.js';
import { DemandPart } from './calibrate-demand.js';
import { HandlePart } from './calibrate-handle.js';
import { IvrPart } from './calibrate-ivr.js';
import { PatiencePart } from './calibrate-patience.js';
import { RedialPart } from './calibrate-redial.js';
import { ResolutionPart } from './calibrate-resolution.js';
import { RoutingPart, type ServerRoutingConfig } from './calibrate-routing.js';
import { StaffingPart } from './calibrate-staffing.js';
import { SurveyPart } from './calibrate-survey.js';
import { applyEntries, hasIn, scenarioYaml, type PlacedComment, type ScenarioTree } from './calibrated-scenario.js';
import type { CalibrationContext, CalibrationPart } from './calibration-part.js';
import { LocalCalendar } from './local-calendar.js';

/** How a calibration reads its records. */
export interface CalibrationOptions {
  /** The hotline's IANA time zone (default Asia/Shanghai). */
  readonly timeZone?: string;
  /**
   * First arrival counted, epoch seconds (its local day is the period's first day); default the first record's.
   * `hotline calibrate` gives the local midnight of record-period.ts's resolvePeriod (the period twin reads).
   */
  readonly fromSec?: number;
  /** Arrivals before this are counted, epoch seconds; default the local midnight after the last arrival. */
  readonly toSec?: number;
  /** What the period left out and how to include it (resolvePeriod's notes), first among the notes. */
  readonly periodNotes?: readonly string[];
  /** A short name of the records' source (file names), for comments. */
  readonly source: string;
  /** Only records of this flow are used, and the scenario runs it (`flow:`); default every record, `flow: none`. */
  readonly flow?: string;
  /** The flow `flow` names, loaded: its gathers' choices are fitted (callers.ivr.choices). */
  readonly flowDefinition?: FlowDefinition;
  /** The live line's agent-state log (SQLite stores): agents on duty are observed, not estimated, where it covers a group. */
  readonly dutyLog?: readonly AgentDutyChange[];
  /** Routing as our server runs it, when known: it wins over what the records suggest. */
  readonly server?: ServerRoutingConfig;
}

/**
 * The calibration parts, in the order their entries go into the scenario (an earlier part's value of a path
 * wins). Plugging in another part is one line here.
 */
export const CALIBRATION_PARTS: readonly ((options: PartOptions) => CalibrationPart | null)[] = [
  (o) => new DemandPart({ followUps: o.followUps }),
  (o) => new StaffingPart(o.dutyLog ? { dutyLog: o.dutyLog } : {}),
  (o) => new RoutingPart({ ...(o.dutyLog ? { dutyLog: o.dutyLog } : {}), ...(o.server ? { server: o.server } : {}) }),
  () => new HandlePart(),
  () => new PatiencePart(),
  (o) => new RedialPart({ followUps: o.followUps }),
  () => new ResolutionPart(),
  (o) => (o.flowDefinition ? new IvrPart(o.flowDefinition) : null),
  (o) => new SurveyPart({ flow: o.flow !== undefined }),
];

/** What the parts are made from: the options, and the one follow-up classifier demand and redials share. */
interface PartOptions extends CalibrationOptions {
  readonly followUps: FollowUpCalls;
}

/** The parts of one calibration, sharing one follow-up classifier (so demand and redials split calls alike). */
function calibrationParts(options: CalibrationOptions): CalibrationPart[] {
  const shared: PartOptions = { ...options, followUps: new FollowUpCalls() };
  return CALIBRATION_PARTS.flatMap((make) => make(shared) ?? []);
}

/** What `hotline calibrate` prints with --json. */
export interface CalibrationSummary {
  readonly records: number;
  readonly period: { readonly from: string; readonly to: string; readonly days: number; readonly timeZone: string };
  readonly fitted: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
}

/** The calibrated scenario and its summary. */
export interface CalibrationOutcome {
  readonly summary: CalibrationSummary;
  /** The scenario file's text (loads with `hotline simulate`). */
  readonly yaml: string;
  readonly context: CalibrationContext;
}

const DEFAULT_ZONE = 'Asia/Shanghai';
const fail = (message: string) => new HotlineError('HOTLINE_CALIBRATION_FAILED', message);

/**
 * One pass of `hotline calibrate` over records in arrival order: each record's local time (hour, weekday, day of
 * the period in the hotline's zone) is computed once and the record handed to every part; `result()` finishes the
 * parts, merges their entries into a scenario (stated defaults, marked ASSUMPTION, for the required fields no part
 * fitted) and checks that the scenario loads.
 */
export class Calibration {
  private readonly calendar: LocalCalendar;
  private readonly facts = new ScenarioFacts();
  private firstDay: number | undefined;
  private lastArrivalSec = Number.NEGATIVE_INFINITY;
  private records = 0;
  private otherFlows = 0;

  constructor(
    private readonly options: CalibrationOptions,
    private readonly parts: readonly CalibrationPart[] = calibrationParts(options),
  ) {
    this.calendar = new LocalCalendar(options.timeZone ?? DEFAULT_ZONE);
    if (options.fromSec !== undefined) this.firstDay = this.calendar.localOf(options.fromSec).day;
  }

  /** Feeds one record (in arrival order) to every part. */
  add(record: CallRecord): void {
    if (this.options.flow !== undefined && record.flowId !== this.options.flow) {
      this.otherFlows += 1;
      return;
    }
    const t = this.calendar.localOf(record.arrivalSec);
    this.firstDay ??= t.day;
    const local = { dayIndex: t.day - this.firstDay, hour: t.hour, weekday: LocalCalendar.weekdayOf(t.day) };
    this.records += 1;
    this.lastArrivalSec = record.arrivalSec;
    this.facts.add(record, local);
    for (const part of this.parts) part.add(record, local);
  }

  /** The period the records cover, as the parts see it. */
  context(): CalibrationContext {
    if (this.records === 0 || this.firstDay === undefined)
      throw fail(
        `no records${this.options.flow === undefined ? '' : ` of flow "${this.options.flow}"`} in ${this.options.source}${this.options.fromSec !== undefined || this.options.toSec !== undefined ? ' between --from and --to' : ''}; check the files, the period${this.options.flow === undefined ? '' : ' and --flow'}.`,
      );
    const lastDay = this.calendar.localOf(
      this.options.toSec === undefined ? this.lastArrivalSec : this.options.toSec - 1,
    ).day;
    return {
      timeZone: this.calendar.timeZone,
      fromSec: this.options.fromSec ?? this.calendar.midnightOf(this.firstDay),
      toSec: this.options.toSec ?? this.calendar.midnightOf(lastDay + 1),
      days: Math.max(1, lastDay - this.firstDay + 1),
      firstWeekday: LocalCalendar.weekdayOf(this.firstDay),
      records: this.records,
      source: this.options.source,
    };
  }

  /** Finishes every part and writes the scenario; throws HOTLINE_CALIBRATION_FAILED when nothing can be fitted. */
  result(): CalibrationOutcome {
    const context = this.context();
    const results = this.parts.map((part) => part.finish(context));
    const tree: ScenarioTree = {};
    const comments: PlacedComment[] = [];
    const notes = [...(this.options.periodNotes ?? []), ...results.flatMap((r) => r.notes)];
    if (this.otherFlows > 0)
      notes.push(`${this.otherFlows} record(s) of other flows than "${this.options.flow}" left out.`);
    // Every fitted value's comment names the records and the period (local dates, the last one inclusive).
    const stamp = `${context.source}, ${dateIn(context.fromSec, context.timeZone)}..${dateIn(context.toSec - 1, context.timeZone)}`;
    for (const r of results)
      for (const skipped of applyEntries(
        tree,
        r.entries.map((e) => ({ ...e, comment: `${stamp}: ${e.comment}` })),
        comments,
      ))
        notes.push(`scenario ${skipped.path.join('.')}: fitted twice; the first part's value kept.`);
    applyEntries(tree, this.facts.defaults(tree, context, this.options.flow), comments);
    if (this.options.flow !== undefined && !hasIn(tree, ['callers', 'ivr']))
      notes.push(
        `callers.ivr not fitted (${this.options.flowDefinition ? 'the records show no choice at its gathers' : 'the flow was not loaded'}): in flow "${this.options.flow}" simulated callers give no input there.`,
      );
    if (!hasIn(tree, ['callers', 'patience_sec']))
      notes.push(
        'callers.patience_sec not fitted (too few calls waited in a queue to fit it): simulated callers never hang up in the queue.',
      );
    const callsPerDay = (tree.demand as { calls_per_day?: unknown } | undefined)?.calls_per_day;
    if (typeof callsPerDay !== 'number' || callsPerDay <= 0)
      throw fail(
        `no first-attempt inbound call (attempt 1) among the ${context.records} record(s) of ${context.source}: demand cannot be fitted; give records that include first calls.`,
      );
    const period = {
      from: isoIn(context.fromSec, context.timeZone),
      to: isoIn(context.toSec, context.timeZone),
      days: context.days,
      timeZone: context.timeZone,
    };
    const header = [
      `Calibrated by \`hotline calibrate\` from ${context.source}: ${context.records.toLocaleString('en-US')} records, ${period.from} to ${period.to} (${period.days} days, ${period.timeZone}).`,
      'Each value says where it came from (records, N, fit quality); "ASSUMPTION: not in the records" marks a stated default.',
      ...notes.map((n) => `Note: ${n}`),
    ];
    const yaml = scenarioYaml(tree, comments, header);
    try {
      parseScenario(yaml, 'the calibrated scenario');
    } catch (error) {
      if (!(error instanceof HotlineError) || error.code !== 'HOTLINE_SCENARIO_INVALID') throw error;
      throw fail(
        `the calibrated scenario does not load (${(error as Error).message}); a calibration part wrote a bad value: please report it.`,
      );
    }
    const fitted = Object.assign({}, ...results.map((r) => r.json)) as Record<string, unknown>;
    return { summary: { records: context.records, period, fitted, notes }, yaml, context };
  }
}

/** An instant's local date in a zone, e.g. 2026-02-02. */
function dateIn(sec: number, zone: string): string {
  return DateTime.fromSeconds(sec, { zone }).toISODate() ?? String(sec);
}

/** An instant as ISO 8601 in a zone, e.g. 2026-02-02T00:00:00+08:00. */
function isoIn(sec: number, zone: string): string {
  return DateTime.fromSeconds(sec, { zone }).toISO({ suppressMilliseconds: true }) ?? String(sec);
}
