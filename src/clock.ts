/**
 * The one clock interface: the simulator (`SimClock`, virtual time from 0),
 * the emulator (`VirtualClock`, `RealClock`) and the server (`systemClock`,
 * `EmulatorTime`) implement it. `setTimeout`/`clearTimeout` are XState's
 * clock (as xstate's `SimulatedClock` implements it), so any of these can be
 * given to `createActor(machine, { clock })` and a flow's `after` delays fire
 * on that clock's timeline.
 *
 * @example
 * const clock: Clock = new SimClock();
 * createActor(flow.machine, { clock }).start();
 */
export interface Clock {
  /** Now, in milliseconds: since the Unix epoch on a live or emulated line, since the run's start in the simulator. */
  now(): number;
  /** Calls `fn` once `delayMs` milliseconds have passed on this clock; returns an id for `clearTimeout`. */
  setTimeout(fn: () => void, delayMs: number): unknown;
  /** Cancels a `setTimeout` that has not fired yet; other ids are ignored. */
  clearTimeout(id: unknown): void;
}
