import { HotlineError } from '../errors.js';

/** What the planning commands (simulate, compare, staff) need from outside; injected so tests run them in-process. */
export interface PlanningDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** Monotonic milliseconds, for the perf figures only. */
  readonly monotonicMs: () => number;
  /** True when stderr is a terminal (a progress bar is drawn only then). */
  readonly interactive: boolean;
}

/** Parses an optional whole-number flag, or fails naming the flag and the range. */
export function integerOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new HotlineError('HOTLINE_CONFIG_INVALID', `${flag} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

/** Parses a number flag that must be above 0, or fails naming the flag. */
export function positiveNumberOption(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new HotlineError('HOTLINE_CONFIG_INVALID', `${flag} must be a number above 0, got "${value}".`);
  return n;
}
