import { zoneFormat, zoneOffsetMin } from '../analysis/kpi-groups.js';

const DAY_SEC = 86_400;
/** Every zone's UTC offset is a multiple of 15 minutes, so it changes only on these edges of epoch time. */
const SLOT_SEC = 900;

/** An instant's place in a zone's calendar. */
export interface LocalInstant {
  /** Local days since 1970-01-01 (the local date as a day number). */
  readonly day: number;
  /** Local hour, 0..23. */
  readonly hour: number;
}

/**
 * The hotline's local calendar in an IANA zone, fast enough for every record of a year: the zone's offset is
 * read once per 15 minutes of epoch time (kpi-groups' zoneOffsetMin) and kept for the next instants in that slot,
 * so records in arrival order cost one Intl call per slot.
 */
export class LocalCalendar {
  private readonly format: Intl.DateTimeFormat;
  private slot = Number.NaN;
  private offsetSec = 0;

  constructor(readonly timeZone: string) {
    this.format = zoneFormat(timeZone);
  }

  /** The zone's UTC offset at an instant, seconds. */
  offsetSecAt(epochSec: number): number {
    const slot = Math.floor(epochSec / SLOT_SEC);
    if (slot !== this.slot) {
      this.slot = slot;
      this.offsetSec = zoneOffsetMin(this.format, slot * SLOT_SEC) * 60;
    }
    return this.offsetSec;
  }

  /** The local day number and hour of an instant (epoch seconds). */
  localOf(epochSec: number): LocalInstant {
    const wall = epochSec + this.offsetSecAt(epochSec);
    const day = Math.floor(wall / DAY_SEC);
    return { day, hour: Math.floor((wall - day * DAY_SEC) / 3600) };
  }

  /** Weekday of a local day number, 0 = Monday (1970-01-01 was a Thursday). */
  static weekdayOf(day: number): number {
    return (((day + 3) % 7) + 7) % 7;
  }

  /** Epoch seconds of a local day's midnight (the first instant of that local date). */
  midnightOf(day: number): number {
    const guess = day * DAY_SEC - this.offsetSecAt(day * DAY_SEC);
    return day * DAY_SEC - this.offsetSecAt(guess);
  }
}
