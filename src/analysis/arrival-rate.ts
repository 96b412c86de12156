import { HotlineError } from '../errors.js';
import { requirePositive } from './input-checks.js';

/**
 * How fast calls arrive, given in exactly one of three ways:
 * - `ratePerSec`: calls per second (λ in the formulas);
 * - `callsPerHour`: calls per hour;
 * - `callsPerInterval` with `intervalSec`: e.g. 100 calls per 1800 s (the
 *   way workforce tools such as pyworkforce state it).
 *
 * @example { callsPerHour: 200 }
 * @example { callsPerInterval: 100, intervalSec: 1800 } // the same rate
 */
export type ArrivalRateInput =
  | {
      readonly ratePerSec: number;
      readonly callsPerHour?: undefined;
      readonly callsPerInterval?: undefined;
      readonly intervalSec?: undefined;
    }
  | {
      readonly callsPerHour: number;
      readonly ratePerSec?: undefined;
      readonly callsPerInterval?: undefined;
      readonly intervalSec?: undefined;
    }
  | {
      readonly callsPerInterval: number;
      readonly intervalSec: number;
      readonly ratePerSec?: undefined;
      readonly callsPerHour?: undefined;
    };

/**
 * The arrival rate in calls per second, from whichever form `input` uses.
 * `where` names the calling function in error messages.
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID when none or more than one form is
 *   given, or a value is not a finite number > 0.
 * @example arrivalRatePerSec({ callsPerHour: 360 }, 'erlangC') // 0.1
 */
export function arrivalRatePerSec(input: ArrivalRateInput, where: string): number {
  const given = [
    input.ratePerSec !== undefined ? 'ratePerSec' : null,
    input.callsPerHour !== undefined ? 'callsPerHour' : null,
    input.callsPerInterval !== undefined || input.intervalSec !== undefined ? 'callsPerInterval/intervalSec' : null,
  ].filter((name) => name !== null);
  if (given.length !== 1) {
    const found = given.length === 0 ? 'none was given' : `got ${given.join(' and ')}`;
    throw new HotlineError(
      'HOTLINE_ARGUMENT_INVALID',
      `${where}: give the arrival rate in exactly one way (ratePerSec, callsPerHour, or callsPerInterval with intervalSec); ${found}.`,
    );
  }
  if (input.ratePerSec !== undefined) return requirePositive(input.ratePerSec, where, 'ratePerSec');
  if (input.callsPerHour !== undefined) return requirePositive(input.callsPerHour, where, 'callsPerHour') / 3600;
  const calls = requirePositive(input.callsPerInterval, where, 'callsPerInterval');
  return calls / requirePositive(input.intervalSec, where, 'intervalSec');
}
