import { DateTime } from 'luxon';
import { z } from 'zod';
import { isValidTimeZone, KPI_GROUP_KEYS, type KpiGroupKey } from '../analysis/kpi-groups.js';
import type { KpiReportOptions } from '../analysis/kpi-report.js';

/**
 * The query of a KPI report over stored records as text (kept here, above the core: the core's analysis room takes
 * no zod or luxon), the way `hotline kpis` flags and `GET /admin/kpis` query parameters both give it: one schema for
 * both. Every field optional: defaults as the command's.
 */
export interface KpiQueryText {
  readonly from?: string;
  readonly to?: string;
  /** Grouping dimensions: repeated, or comma lists (`month,group`). */
  readonly by?: string | readonly string[];
  readonly tz?: string;
  readonly dayStartHour?: string;
  readonly slFrom?: string;
  readonly repeatWindowHours?: string;
}

/** Defaults of the KPI query (the command's flags and the admin route's parameters alike). */
export const KPI_QUERY_DEFAULTS = {
  tz: 'Asia/Shanghai',
  dayStartHour: '0',
  slFrom: 'queue',
  repeatWindowHours: '168',
} as const;

/** Longest repeat window, hours (a year and a day). */
const MAX_REPEAT_WINDOW_HOURS = 24 * 366;

/** How a parameter is named in messages: `--day-start-hour` on the command line, `dayStartHour` over HTTP. */
export type KpiQueryNaming = 'flag' | 'parameter';

const FLAG_NAMES: Record<keyof KpiQueryText, string> = {
  from: '--from',
  to: '--to',
  by: '--by',
  tz: '--tz',
  dayStartHour: '--day-start-hour',
  slFrom: '--sl-from',
  repeatWindowHours: '--repeat-window-hours',
};

const nameOf = (key: keyof KpiQueryText, naming: KpiQueryNaming): string => (naming === 'flag' ? FLAG_NAMES[key] : key);

/** The schema of the text query (unknown fields refused: a misspelt parameter is an error, not ignored). */
const QUERY_SHAPE = z.strictObject({
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  by: z.union([z.string().max(200), z.array(z.string().max(200)).max(16)]).optional(),
  tz: z.string().max(64).optional(),
  dayStartHour: z.string().max(8).optional(),
  slFrom: z.string().max(16).optional(),
  repeatWindowHours: z.string().max(32).optional(),
});

/** A KPI query that does not parse: `problem` names the flag or parameter, what it got and what it accepts. */
export type KpiQueryResult =
  | { readonly ok: true; readonly options: KpiReportOptions }
  | { readonly ok: false; readonly problem: string };

/**
 * Parses and checks a KPI query given as text (the command's flags or the admin route's parameters) into report
 * options: one schema and one set of messages for both. `by` takes repeated values and comma lists; `from`/`to` are
 * ISO 8601 (a time without an offset is read in `tz`); `dayStartHour` 0–23; `slFrom` queue|arrival;
 * `repeatWindowHours` 0–8784.
 *
 * @example parseKpiQuery({ by: 'month,group', tz: 'Asia/Shanghai' }, 'parameter')
 */
export function parseKpiQuery(input: unknown, naming: KpiQueryNaming): KpiQueryResult {
  const shape = QUERY_SHAPE.safeParse(input ?? {});
  if (!shape.success) {
    const issue = shape.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || 'query';
    const known = Object.keys(FLAG_NAMES)
      .map((k) => nameOf(k as keyof KpiQueryText, naming))
      .join(', ');
    return {
      ok: false,
      problem: `${key}: ${issue.code === 'unrecognized_keys' ? 'unknown' : issue.message}; the KPI query takes ${known}.`,
    };
  }
  const q = { ...KPI_QUERY_DEFAULTS, ...shape.data };
  const fail = (problem: string): KpiQueryResult => ({ ok: false, problem });
  const n = (key: keyof KpiQueryText) => nameOf(key, naming);
  if (!isValidTimeZone(q.tz)) return fail(`${n('tz')} must be an IANA time zone, e.g. Asia/Shanghai, got "${q.tz}".`);
  const by = (typeof q.by === 'string' ? [q.by] : (q.by ?? []))
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const key of by)
    if (!(KPI_GROUP_KEYS as readonly string[]).includes(key))
      return fail(`${n('by')} must be one of ${KPI_GROUP_KEYS.join(', ')}, got "${key}".`);
  if (q.slFrom !== 'queue' && q.slFrom !== 'arrival')
    return fail(`${n('slFrom')} must be queue or arrival, got "${q.slFrom}".`);
  const dayStartHour = Number(q.dayStartHour);
  if (q.dayStartHour.trim() === '' || !Number.isInteger(dayStartHour) || dayStartHour < 0 || dayStartHour > 23)
    return fail(`${n('dayStartHour')} must be a whole number from 0 to 23, got "${q.dayStartHour}".`);
  const repeatHours = Number(q.repeatWindowHours);
  if (
    q.repeatWindowHours.trim() === '' ||
    !Number.isFinite(repeatHours) ||
    repeatHours < 0 ||
    repeatHours > MAX_REPEAT_WINDOW_HOURS
  )
    return fail(
      `${n('repeatWindowHours')} must be a number from 0 to ${MAX_REPEAT_WINDOW_HOURS.toLocaleString('en-US')}, got "${q.repeatWindowHours}".`,
    );
  const instant = (key: 'from' | 'to'): number | undefined | null => {
    const value = q[key];
    if (value === undefined) return undefined;
    const t = DateTime.fromISO(value, { zone: q.tz });
    return t.isValid ? t.toSeconds() : null;
  };
  const fromSec = instant('from');
  const toSec = instant('to');
  for (const [key, sec] of [
    ['from', fromSec],
    ['to', toSec],
  ] as const)
    if (sec === null)
      return fail(
        `${n(key)} must be an ISO 8601 date or time, e.g. 2026-02-01 or 2026-02-01T08:00+08:00, got "${q[key]}".`,
      );
  if (fromSec != null && toSec != null && toSec <= fromSec)
    return fail(`${n('to')} (${q.to}) must be later than ${n('from')} (${q.from}).`);
  return {
    ok: true,
    options: {
      by: [...new Set(by)] as KpiGroupKey[],
      timeZone: q.tz,
      dayStartHour,
      ...(fromSec == null ? {} : { fromSec }),
      ...(toSec == null ? {} : { toSec }),
      kpi: { serviceLevelFrom: q.slFrom, repeatWindowSec: repeatHours * 3600 },
    },
  };
}
