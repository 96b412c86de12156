import { fitDemand, type DemandFit } from '../analysis/fit-demand.js';
import { FollowUpCalls } from '../analysis/follow-up-calls.js';
import type { CallRecord } from '../record/call-record.js';
import { WEEKDAYS } from '../scenario/scenario-schema.js';
import type {
  CalibrationContext,
  CalibrationPart,
  CalibrationResult,
  FittedEntry,
  LocalTime,
} from './calibration-part.js';

/** The call type name of a record whose type was not recorded (live lines, imports without the column). */
export const UNKNOWN_CALL_TYPE = 'unknown';

/** The call type a record counts under: its callType, or UNKNOWN_CALL_TYPE when null. */
export const callTypeName = (r: Pick<CallRecord, 'callType'>): string => r.callType ?? UNKNOWN_CALL_TYPE;

/** The scenario's largest day_noise_cv (its schema's bound). */
const MAX_NOISE_CV = 2;

const round = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;
const count = (n: number): string => n.toLocaleString('en-US');

/** Options of the demand part. */
export interface DemandPartOptions {
  /** The follow-up classifier shared with the redial part (default its own, with the default windows). */
  readonly followUps?: FollowUpCalls;
}

/** Follow-up calls left out of demand, by kind. */
interface FollowUpCounts {
  /** Redials: attempt > 1, or by caller within the redial window after an abandon. */
  redials: number;
  /** Of those, found by caller hash only (attempt 1 after an abandon). */
  redialsByCaller: number;
  /** Repeats: by caller within the repeat window after an unresolved answered call. */
  repeats: number;
  /** Inbound calls without a caller hash (only their attempt number can mark them). */
  unlinked: number;
  callbackLegs: number;
  redialWindowSec: number;
  repeatWindowSec: number;
}

/**
 * The demand part of `hotline calibrate`: counts FIRST attempts only, as the shared follow-up classifier tells
 * them (analysis/follow-up-calls.ts): redials (attempt > 1, or the same caller within the redial window after an
 * abandon), repeats (the same caller within 7 days after an answered call recorded unresolved) and callback legs
 * (the hotline's own calls) are counted apart and reported, so `callers.redial` and `behaviour.resolution.repeat`
 * (which the redial part fits from the same calls) do not make them twice in simulation. The redial window shrinks
 * at the end (3 × the 99th percentile of the delays, at least 1 h): calls linked later than 1 h after an abandon are
 * kept aside (day, hour, type, delay) and counted at the final window, the one the redial part uses. Fits
 * demand.calls_per_day, hourly_profile_pct, day_of_week_factor, day_noise_cv and the call types' shares (fitDemand).
 */
export class DemandPart implements CalibrationPart {
  private daily: number[] = [];
  private readonly hourly = Array.from({ length: 24 }, () => 0);
  private readonly byType = new Map<string, number>();
  private readonly followUps: FollowUpCalls;
  private readonly counts = { redials: 0, redialsByCaller: 0, repeats: 0, unlinked: 0, callbackLegs: 0 };
  /** Caller-linked redials waiting on the final window: local day, hour, call type and delay (seconds). */
  private readonly pending: { day: number[]; hour: number[]; type: string[]; delaySec: number[] } = {
    day: [],
    hour: [],
    type: [],
    delaySec: [],
  };

  constructor(options: DemandPartOptions = {}) {
    this.followUps = options.followUps ?? new FollowUpCalls();
  }

  add(record: CallRecord, local: LocalTime): void {
    const f = this.followUps.classify(record);
    if (f === null) {
      this.counts.callbackLegs += 1;
      return;
    }
    if (record.callerHash === null) this.counts.unlinked += 1;
    const type = callTypeName(record);
    if (this.followUps.pending(f)) {
      this.pending.day.push(local.dayIndex);
      this.pending.hour.push(local.hour);
      this.pending.type.push(type);
      this.pending.delaySec.push(f.after?.delaySec ?? 0);
      return;
    }
    if (f.kind === 'first') this.first(local.dayIndex, local.hour, type);
    else if (f.kind === 'repeat') this.counts.repeats += 1;
    else this.redial(f.byAttempt);
  }

  private first(day: number, hour: number, type: string): void {
    this.daily[day] = (this.daily[day] ?? 0) + 1;
    this.hourly[hour]! += 1;
    this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
  }

  private redial(byAttempt: boolean): void {
    this.counts.redials += 1;
    if (!byAttempt) this.counts.redialsByCaller += 1;
  }

  finish(context: CalibrationContext): CalibrationResult {
    const windowSec = this.followUps.redialWindowSec();
    const p = this.pending;
    for (let i = 0; i < p.delaySec.length; i += 1)
      if ((p.delaySec[i] as number) <= windowSec) this.redial(false);
      else this.first(p.day[i] as number, p.hour[i] as number, p.type[i] as string);
    const daily = Array.from({ length: context.days }, (_, d) => this.daily[d] ?? 0);
    const fit = fitDemand({ daily, firstWeekday: context.firstWeekday, hourly: this.hourly, byType: this.byType });
    const counts: FollowUpCounts = {
      ...this.counts,
      redialWindowSec: windowSec,
      repeatWindowSec: this.followUps.repeatWindowSec,
    };
    return {
      json: demandJson(fit, counts),
      entries: demandEntries(fit, context),
      notes: demandNotes(fit, counts),
    };
  }
}

/** The part's keys under the JSON summary's `fitted`. */
function demandJson(fit: DemandFit, c: FollowUpCounts): Record<string, unknown> {
  const inbound = fit.firstAttempts + c.redials + c.repeats;
  return {
    callsPerDay: round(fit.callsPerDay, 2),
    hourlyProfilePct: fit.hourlyProfilePct,
    dayOfWeekFactor: weekdayRecord(fit),
    dayNoiseCv: round(fit.dayNoise.cv, 4),
    callTypeMix: Object.fromEntries(fit.callTypeMix.map((t) => [t.name, t.share])),
    redials: {
      firstAttempts: fit.firstAttempts,
      redials: c.redials,
      redialsByCaller: c.redialsByCaller,
      repeats: c.repeats,
      callbackLegs: c.callbackLegs,
      unlinked: c.unlinked,
      redialShareOfInbound: inbound > 0 ? round(c.redials / inbound, 4) : 0,
      repeatShareOfInbound: inbound > 0 ? round(c.repeats / inbound, 4) : 0,
      redialWindowSec: c.redialWindowSec,
      repeatWindowSec: c.repeatWindowSec,
    },
  };
}

/** The factors of the weekdays observed, by the scenario's day names. */
function weekdayRecord(fit: DemandFit): Record<string, number> {
  const out: Record<string, number> = {};
  fit.dayOfWeekFactor.forEach((f, w) => {
    if (f !== null) out[WEEKDAYS[w]!] = round(f, 4);
  });
  return out;
}

function demandEntries(fit: DemandFit, c: CalibrationContext): FittedEntry[] {
  const n = `N=${count(fit.firstAttempts)} first attempts over ${c.days} day(s)`;
  const observed = fit.daysByWeekday
    .map((k, w) => (k > 0 ? `${WEEKDAYS[w]} ${k}` : null))
    .filter((x) => x !== null)
    .join(', ');
  const noise = fit.dayNoise;
  const busiest = Math.max(...fit.hourlyProfilePct) / 100;
  const busiestSe = fit.firstAttempts > 0 ? 100 * Math.sqrt((busiest * (1 - busiest)) / fit.firstAttempts) : 0;
  const entries: FittedEntry[] = [
    {
      path: ['demand', 'calls_per_day'],
      // Four significant digits below 100 a day, so a quiet line's rate never rounds to 0.
      value: fit.callsPerDay >= 100 ? round(fit.callsPerDay, 1) : Number(fit.callsPerDay.toPrecision(4)),
      comment: `mean first attempts per day; ${n}; SE ${fit.days > 1 ? round(fit.callsPerDaySe, 1) : 'n/a (one day)'}`,
    },
    {
      path: ['demand', 'hourly_profile_pct'],
      value: fit.hourlyProfilePct,
      comment: `share of first attempts per local hour (${c.timeZone}), 00:00 first; ${n}; binomial SE of the busiest hour ${round(busiestSe, 2)} points`,
    },
    {
      path: ['demand', 'day_of_week_factor'],
      value: weekdayRecord(fit),
      comment: `mean per weekday / calls_per_day, weekdays observed only (days: ${observed}); largest SE ${Number.isFinite(fit.dayOfWeekFactorSeMax) ? round(fit.dayOfWeekFactorSeMax, 3) : 'n/a (one day per weekday)'}`,
    },
    {
      path: ['demand', 'day_noise_cv'],
      value: Math.min(MAX_NOISE_CV, round(noise.cv, 3)),
      comment: `gamma-Poisson overdispersion of weekday-adjusted daily counts (method of moments); ${noise.days} days; variance/mean ${Number.isFinite(noise.dispersionIndex) ? round(noise.dispersionIndex, 2) : 'n/a'}`,
    },
  ];
  for (const t of fit.callTypeMix)
    entries.push({
      path: ['call_types', t.name, 'share'],
      value: t.share,
      comment: `share of first attempts of type "${t.name}"; N=${count(t.calls)} of ${count(fit.firstAttempts)}`,
    });
  return entries;
}

function demandNotes(fit: DemandFit, c: FollowUpCounts): string[] {
  const hours = (sec: number) => `${round(sec / 3600, 2)} h`;
  const notes = [
    `demand: ${count(fit.firstAttempts)} first attempts fitted; ${count(c.redials)} redials (attempt > 1, or the same caller within ${hours(c.redialWindowSec)} of an abandon: ${count(c.redialsByCaller)} by caller only), ${count(c.repeats)} repeats (the same caller within ${round(c.repeatWindowSec / 86400, 2)} days of an unresolved call) and ${count(c.callbackLegs)} callback legs counted apart, not as demand.`,
  ];
  if (c.unlinked > 0)
    notes.push(
      `demand: ${count(c.unlinked)} inbound calls have no caller hash: only an attempt number > 1 marks them as redials; their repeats and attempt-1 redials count as demand.`,
    );
  if (fit.days < 14)
    notes.push(
      `demand: ${fit.days} day(s) (fewer than 2 weeks): each weekday factor rests on one day, and day_noise_cv on few days; calibrate a longer period for them.`,
    );
  const missing = fit.daysByWeekday.flatMap((k, w) => (k === 0 ? [WEEKDAYS[w]!] : []));
  if (missing.length > 0)
    notes.push(`demand: no ${missing.join(', ')} in the period: their day_of_week_factor is left out (1 by default).`);
  if (fit.dayNoise.days - fit.daysByWeekday.filter((k) => k > 0).length < 1)
    notes.push('demand: too few days to estimate day_noise_cv (one day per weekday or less): written as 0.');
  if (fit.dayNoise.cv > MAX_NOISE_CV)
    notes.push(
      `demand: the day-to-day variation (CV ${round(fit.dayNoise.cv, 2)}) is beyond what day_noise_cv takes; written as ${MAX_NOISE_CV}: look for days of outage or surges and calibrate a period without them.`,
    );
  if (fit.callTypeMix.some((t) => t.name === UNKNOWN_CALL_TYPE))
    notes.push(
      `demand: calls without a recorded type count as call type "${UNKNOWN_CALL_TYPE}" (live records carry no type).`,
    );
  return notes;
}
