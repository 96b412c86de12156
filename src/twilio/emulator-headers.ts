/**
 * The two headers by which the local Twilio emulator and a server that follows
 * its clock (`hotline serve --emulator-clock`) agree on the time: the emulator
 * sends one, the server answers with the other. Twilio itself sends neither.
 */

/** The header the local Twilio emulator sends with its emulated time (ms since the epoch). */
export const EMULATOR_TIME_HEADER = 'x-hotline-emulator-time';
/** The header the server answers with (value `emulator`) when it follows the emulator's time. */
export const FOLLOWS_EMULATOR_HEADER = 'x-hotline-clock';
