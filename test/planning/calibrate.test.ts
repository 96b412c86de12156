import { describe, expect, it } from 'vitest';
import { Calibration } from '../../src/planning/calibrate.js';
import { DemandPart } from '../../src/planning/calibrate-demand.js';
import type { CalibrationPart, LocalTime } from '../../src/planning/calibration-part.js';
import { parseScenario } from '../../src/scenario/load-scenario.js';
import { queued, record } from '../helpers/call-records.js';

/** 2026-02-02T00:00+08:00 (a Monday in Asia/Shanghai). */
const MONDAY = Date.UTC(2026, 1, 1, 16) / 1000;
const HOUR = 3600;

/** A part that keeps what it was given, and fits one value of its own. */
class SpyPart implements CalibrationPart {
  readonly seen: LocalTime[] = [];
  constructor(private readonly path: (string | number)[] = ['callers', 'patience_sec']) {}
  add(_: unknown, local: LocalTime): void {
    this.seen.push(local);
  }
  finish() {
    return {
      json: { spy: this.seen.length },
      entries: [{ path: this.path, value: { dist: 'exponential', mean: 42 }, comment: 'N=3 waits; KS D=0.1' }],
      notes: ['spy: fitted'],
    };
  }
}

const records = () => [
  queued(MONDAY + 9 * HOUR, { ivrSec: 10, waitSec: 5, answered: true, handleSec: 200 }, { callType: 'consult' }),
  queued(MONDAY + 30 * HOUR, { ivrSec: 10, waitSec: 5, answered: true, handleSec: 100 }, { callType: 'consult' }),
  record(MONDAY + 2 * 86_400 + 23.5 * HOUR, { attempt: 2 }),
];

describe('Calibration', () => {
  it('hands every part each record with its local hour, weekday and day of the period', () => {
    const spy = new SpyPart();
    const c = new Calibration({ source: 'x.db' }, [spy]);
    for (const r of records()) c.add(r);
    expect(spy.seen).toEqual([
      { dayIndex: 0, hour: 9, weekday: 0 },
      { dayIndex: 1, hour: 6, weekday: 1 },
      { dayIndex: 2, hour: 23, weekday: 2 },
    ]);
    expect(c.context()).toMatchObject({ fromSec: MONDAY, toSec: MONDAY + 3 * 86_400, days: 3, firstWeekday: 0 });
  });

  it('counts days from --from and up to --to, in the time zone given', () => {
    const c = new Calibration({
      source: 'x.db',
      timeZone: 'UTC',
      fromSec: MONDAY - 86_400,
      toSec: MONDAY + 7 * 86_400,
    });
    for (const r of records()) c.add(r);
    // From Saturday 2026-01-31 16:00 UTC to Sunday 2026-02-08 16:00 UTC: 9 UTC days, the first a Saturday.
    expect(c.context()).toMatchObject({ days: 9, firstWeekday: 5, timeZone: 'UTC' });
  });

  it('merges the parts into a scenario that loads: fitted values commented with source and period, defaults marked', () => {
    const c = new Calibration({ source: 'x.db' }, [new DemandPart(), new SpyPart(), new SpyPart()]);
    for (const r of records()) c.add(r);
    const { yaml, summary } = c.result();
    expect(yaml).toContain(
      '  # x.db, 2026-02-02..2026-02-04: N=3 waits; KS D=0.1\n  patience_sec: { dist: exponential, mean: 42 }',
    );
    expect(yaml).toMatch(/# ASSUMPTION: not in the records: agents on duty estimated/);
    expect(summary.notes).toContain("scenario callers.patience_sec: fitted twice; the first part's value kept.");
    expect(summary.fitted).toMatchObject({ spy: 3, callsPerDay: 0.67 });
  });

  it('runs the demand part by default; its scenario loads as simulate reads it', () => {
    const c = new Calibration({ source: 'x.db' });
    for (const r of records()) c.add(r);
    const { yaml, summary } = c.result();
    const scenario = parseScenario(yaml, 'calibrated.yaml');
    expect(scenario.demand.calls_per_day).toBe(0.6667); // 2 first attempts over 3 days, 4 significant digits
    expect(scenario.call_types.map((t) => [t.name, t.share, t.skill])).toEqual([['consult', 1, 'general']]);
    expect(scenario.pools.map((p) => p.name)).toEqual(['city']);
    expect(summary.fitted).toMatchObject({ callsPerDay: 0.67, redials: { redials: 1, firstAttempts: 2 } });
  });

  it('fails with HOTLINE_CALIBRATION_FAILED on no records, or on records without a first attempt', () => {
    expect(() => new Calibration({ source: 'x.db' }).result()).toThrow(
      /HOTLINE_CALIBRATION_FAILED|no records in x\.db/,
    );
    const c = new Calibration({ source: 'x.db' });
    c.add(record(MONDAY, { attempt: 2 }));
    expect(() => c.result()).toThrow(/no first-attempt inbound call/);
  });

  it('writes the flow of --flow into a scenario that loads, and says the IVR choices are not fitted', () => {
    const c = new Calibration({ source: 'x.db', flow: 'hotline-12345-direct' });
    for (const r of records()) c.add(r);
    const { yaml, summary } = c.result();
    expect(parseScenario(yaml, 'calibrated.yaml').flow).toBe('hotline-12345-direct');
    expect(summary.notes.join('\n')).toMatch(/callers\.ivr not fitted \(the flow was not loaded\)/);
  });

  it('keeps only the records of --flow', () => {
    const spy = new SpyPart();
    const c = new Calibration({ source: 'x.db', flow: 'other-flow' }, [spy]);
    for (const r of records()) c.add(r);
    c.add(record(MONDAY + HOUR, { flowId: 'other-flow' }));
    expect(spy.seen).toHaveLength(1);
  });
});
