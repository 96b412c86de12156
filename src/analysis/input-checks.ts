import { HotlineError } from '../errors.js';

/**
 * Checks that `value` is a finite number greater than zero and returns it.
 * `where` names the function or flag, `field` the input; both appear in the
 * error so the caller can find and fix the bad value.
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID when the value is not a finite number > 0.
 * @example requirePositive(180, 'erlangC', 'ahtSec') // 180
 */
export function requirePositive(value: unknown, where: string, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(where, field, value, 'a finite number greater than 0');
  }
  return value;
}

/**
 * Checks that `value` is a finite number greater than or equal to zero.
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID otherwise.
 * @example requireNonNegative(0, 'erlangC', 'targetSec') // 0
 */
export function requireNonNegative(value: unknown, where: string, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(where, field, value, 'a finite number of at least 0');
  }
  return value;
}

/**
 * Checks that `value` is an integer of at least `min` (agents, lines).
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID otherwise.
 * @example requireInteger(14, 'erlangC', 'agents', 1) // 14
 */
export function requireInteger(value: unknown, where: string, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(where, field, value, `a whole number of at least ${min}`);
  }
  return value;
}

/**
 * Checks that `value` is a fraction strictly between 0 and 1 (a service-level
 * goal, an abandon rate, an occupancy cap).
 *
 * @throws HotlineError HOTLINE_ARGUMENT_INVALID otherwise.
 * @example requireFraction(0.8, 'minAgentsErlangC', 'serviceLevel') // 0.8
 */
export function requireFraction(value: unknown, where: string, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    throw invalid(where, field, value, 'a fraction between 0 and 1 (exclusive), e.g. 0.8 for 80 %');
  }
  return value;
}

function invalid(where: string, field: string, value: unknown, rule: string): HotlineError {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return new HotlineError(
    'HOTLINE_ARGUMENT_INVALID',
    `${where}: ${field} must be ${rule}, got ${shown}. Fix the ${field} you pass to ${where}.`,
  );
}
