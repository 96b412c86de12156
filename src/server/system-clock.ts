import type { Clock } from '../clock.js';

/**
 * The server's real clock: the machine's time and timers. A server Twilio
 * reaches runs on it; `hotline serve --emulator-clock` runs on `EmulatorTime`
 * instead, which reads this one until the emulator sends its time.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, delayMs) => setTimeout(fn, delayMs),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};
