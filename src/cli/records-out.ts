import { closeSync, openSync, writeSync } from 'node:fs';
import { DateTime, IANAZone } from 'luxon';
import { HotlineError } from '../errors.js';
import type { CallRecord } from '../record/call-record.js';
import { WEEKDAYS } from '../scenario/scenario-schema.js';
import { ArrivalOrderBuffer, ArrivalOrderOverflow, DEFAULT_MAX_HELD_RECORDS } from '../sim/arrival-order-buffer.js';
import type { RecordSink } from '../sim/sim-state.js';
import { recordsCsvText } from '../store/record-csv-writer.js';

/** The day `--start` defaults from: Monday 2026-01-05 (a fixed date, never the wall clock, so runs repeat). */
const DEFAULT_FROM = '2026-01-05';

/** The record's times (epoch seconds live, run seconds simulated); durations (handleSec, talkSec) stay as they are. */
const TIMES = ['arrivalSec', 'ivrExitSec', 'queueEntrySec', 'answerSec', 'abandonSec', 'endSec'] as const;

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/**
 * Epoch seconds of the run's day 0 (horizon.start_day, 00:00) for `--records-out`: the local midnight of `start`'s
 * day in `timeZone`. `start` is an ISO 8601 date or time (a time with an offset is first put in `timeZone`) and must
 * fall on `startDay`; without it, the first `startDay` on or after Monday 2026-01-05.
 *
 * @example recordsDayZeroSec('Mon', undefined, 'Asia/Shanghai') // 1767542400 = 2026-01-05T00:00:00+08:00
 * @throws HotlineError HOTLINE_OPTION_INVALID for an unknown zone, an unreadable date, or another weekday.
 */
export function recordsDayZeroSec(
  startDay: (typeof WEEKDAYS)[number],
  start: string | undefined,
  timeZone: string,
): number {
  if (!IANAZone.isValidZone(timeZone))
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--tz "${timeZone}" is not an IANA time zone; give one such as Asia/Shanghai or Europe/Berlin.`,
    );
  const want = WEEKDAYS.indexOf(startDay) + 1; // luxon: 1 = Monday
  if (start === undefined) {
    const from = DateTime.fromISO(DEFAULT_FROM, { zone: timeZone });
    return from.plus({ days: (want - from.weekday + 7) % 7 }).toSeconds();
  }
  const day = DateTime.fromISO(start, { zone: timeZone });
  if (!day.isValid)
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--start must be an ISO 8601 date or time (2026-01-05, 2026-01-05T08:00+08:00), got "${start}".`,
    );
  const midnight = day.startOf('day');
  if (midnight.weekday !== want) {
    const next = midnight.plus({ days: (want - midnight.weekday + 7) % 7 }).toISODate();
    throw new HotlineError(
      'HOTLINE_OPTION_INVALID',
      `--start ${midnight.toISODate()} is a ${WEEKDAY_NAMES[midnight.weekday - 1]} in ${timeZone}, but the scenario starts on a ${WEEKDAY_NAMES[want - 1]} (horizon.start_day: ${startDay}); give a ${WEEKDAY_NAMES[want - 1]}, e.g. ${next}.`,
    );
  }
  return midnight.toSeconds();
}

/** Where `--records-out` writes, and what it keeps. */
export interface RecordsOutOptions {
  /** The file, written afresh (mode 0600: caller hashes). */
  readonly path: string;
  /** How it is named in messages (the flag's value). */
  readonly name: string;
  /** Epoch seconds of the run's day 0, added to every time. */
  readonly dayZeroSec: number;
  /** Calls arriving at or after this (run seconds) are left out: redials after the horizon. Default: none. */
  readonly untilSec?: number;
  /** Records held for arrival order at most (ArrivalOrderBuffer). */
  readonly maxHeld?: number;
}

/** An open `--records-out` file: its sink for the run, then `close` once the run has ended. */
export interface RecordsOut {
  readonly sink: RecordSink;
  /** Writes the records still held, closes the file; returns the records written. */
  close(): number;
  /** Closes the file after a failed run (what was written stays). */
  abort(): void;
}

/**
 * Writes one replication's records as the record CSV (`hotline export`'s format) while the simulator runs, in
 * arrival order (ArrivalOrderBuffer), times shifted to epoch seconds from `dayZeroSec`. Writes are synchronous:
 * the simulator never yields to the event loop, so a stream would only queue the whole file in memory.
 *
 * @throws HotlineError HOTLINE_RUN_TOO_LARGE from the sink when more than `maxHeld` records wait for an open call.
 */
export function openRecordsOut(options: RecordsOutOptions): RecordsOut {
  const fd = openSync(options.path, 'w', 0o600);
  const until = options.untilSec ?? Infinity;
  const maxHeld = options.maxHeld ?? DEFAULT_MAX_HELD_RECORDS;
  let header = true;
  let written = 0;
  let open = true;
  const buffer = new ArrivalOrderBuffer((records) => {
    const shifted = records.map((r) => {
      const out: Record<string, unknown> = { ...r };
      for (const key of TIMES) if (r[key] !== null) out[key] = (r[key] as number) + options.dayZeroSec;
      return out as unknown as CallRecord;
    });
    writeSync(fd, recordsCsvText(shifted, header));
    header = false;
    written += records.length;
  }, maxHeld);
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    sink: (record, run) => {
      if (record.arrivalSec >= until) return;
      try {
        buffer.add(record, run);
      } catch (error) {
        if (!(error instanceof ArrivalOrderOverflow)) throw error;
        throw new HotlineError(
          'HOTLINE_RUN_TOO_LARGE',
          `--records-out ${options.name}: ${error.held.toLocaleString('en-US')} records wait to be written in arrival order behind a call that arrived at ${error.watermarkSec.toFixed(0)} s and is still in progress (at most ${maxHeld.toLocaleString('en-US')} are held, about 0.5 KB each); the scenario keeps callers waiting for hours: give callers patience (callers.patience_sec) or agents in every hour calls arrive.`,
        );
      }
    },
    close: () => {
      buffer.flush();
      if (header) writeSync(fd, recordsCsvText([], true));
      close();
      return written;
    },
    abort: close,
  };
}
