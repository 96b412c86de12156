import { fitDemand, type DemandFit } from '../analysis/fit-demand.js';
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

/**
 * The demand part of `hotline calibrate`: counts FIRST attempts only (inbound calls with attempt 1), so redials
 * (attempt > 1, which `callers.redial` makes in simulation) and callback legs (the hotline's own calls) are not
 * counted as demand twice; both are counted apart and reported. Fits demand.calls_per_day, hourly_profile_pct,
 * day_of_week_factor, day_noise_cv and the call types' names and shares (fitDemand).
 */
export class DemandPart implements CalibrationPart {
  private daily: number[] = [];
  private readonly hourly = Array.from({ length: 24 }, () => 0);
  private readonly byType = new Map<string, number>();
  private redials = 0;
  private callbackLegs = 0;

  add(record: CallRecord, local: LocalTime): void {
    if (record.direction !== 'inbound') {
      this.callbackLegs += 1;
      return;
    }
    if (record.attempt > 1) {
      this.redials += 1;
      return;
    }
    this.daily[local.dayIndex] = (this.daily[local.dayIndex] ?? 0) + 1;
    this.hourly[local.hour]! += 1;
    const type = callTypeName(record);
    this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
  }

  finish(context: CalibrationContext): CalibrationResult {
    const daily = Array.from({ length: context.days }, (_, d) => this.daily[d] ?? 0);
    const fit = fitDemand({ daily, firstWeekday: context.firstWeekday, hourly: this.hourly, byType: this.byType });
    return {
      json: demandJson(fit, this.redials, this.callbackLegs),
      entries: demandEntries(fit, context),
      notes: demandNotes(fit, this.redials, this.callbackLegs),
    };
  }
}

/** The part's keys under the JSON summary's `fitted`. */
function demandJson(fit: DemandFit, redials: number, callbackLegs: number): Record<string, unknown> {
  const inbound = fit.firstAttempts + redials;
  return {
    callsPerDay: round(fit.callsPerDay, 2),
    hourlyProfilePct: fit.hourlyProfilePct,
    dayOfWeekFactor: weekdayRecord(fit),
    dayNoiseCv: round(fit.dayNoise.cv, 4),
    callTypeMix: Object.fromEntries(fit.callTypeMix.map((t) => [t.name, t.share])),
    redials: {
      firstAttempts: fit.firstAttempts,
      redials,
      callbackLegs,
      redialShareOfInbound: inbound > 0 ? round(redials / inbound, 4) : 0,
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

function demandNotes(fit: DemandFit, redials: number, callbackLegs: number): string[] {
  const notes = [
    `demand: ${count(fit.firstAttempts)} first attempts fitted; ${count(redials)} redials (attempt > 1) and ${count(callbackLegs)} callback legs counted apart, not as demand.`,
  ];
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
