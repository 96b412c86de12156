import type { FastifyInstance } from 'fastify';

/** The header the local Twilio emulator sends with its emulated time (ms since the epoch). */
export const EMULATOR_TIME_HEADER = 'x-hotline-emulator-time';
/** The header the server answers with when it follows the emulator's time. */
export const FOLLOWS_EMULATOR_HEADER = 'x-hotline-clock';

/**
 * A server clock that follows the emulator: `hotline serve --emulator-clock`
 * reads the emulated time from each webhook, so queue timers (overflow after
 * 30 s, the callback offer after 60 s) run in the emulator's virtual or
 * accelerated time. Until a webhook brings a time, it reads `base`. Never for
 * a server Twilio reaches: a caller could move its clock.
 */
export class EmulatorTime {
  private ms: number | null = null;
  private readonly base: () => number;

  constructor(base: () => number) {
    this.base = base;
  }

  /** The clock to give buildApp. */
  readonly now = (): number => this.ms ?? this.base();

  /** Registers the hook that reads the header; call before the app is ready. */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers[EMULATOR_TIME_HEADER];
      const value = typeof header === 'string' ? Number(header) : NaN;
      if (Number.isFinite(value) && value > 0) this.ms = value;
      reply.header(FOLLOWS_EMULATOR_HEADER, 'emulator');
    });
  }
}
