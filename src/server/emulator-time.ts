import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import { EMULATOR_TIME_HEADER, FOLLOWS_EMULATOR_HEADER } from '../twilio/emulator-headers.js';

/**
 * A server clock that follows the emulator: `hotline serve --emulator-clock`
 * reads the emulated time from each webhook, so queue timers (overflow after
 * 30 s, the callback offer after 60 s) run in the emulator's virtual or
 * accelerated time. Until a webhook brings a time, it reads `base` (the
 * server's real clock, `systemClock.now`). Its `setTimeout` timers run in the
 * emulator's time too: they fire, in deadline order, when a webhook brings a
 * time at or past their deadline. Never for a server Twilio reaches: a caller
 * could move its clock.
 */
export class EmulatorTime implements Clock {
  private ms: number | null = null;
  private readonly base: () => number;
  private readonly timers = new Map<number, { readonly atMs: number; readonly fn: () => void }>();
  private nextId = 1;

  constructor(base: () => number) {
    this.base = base;
  }

  /** The clock to give buildApp (ms since the epoch; bound, so it may be passed on its own). */
  readonly now = (): number => this.ms ?? this.base();

  /** Calls `fn` once the emulator's time is `delayMs` past now (checked as webhooks bring the time). */
  setTimeout(fn: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { atMs: this.now() + Math.max(0, delayMs), fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    this.timers.delete(id as number);
  }

  /** Registers the hook that reads the header; call before the app is ready. */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers[EMULATOR_TIME_HEADER];
      const value = typeof header === 'string' ? Number(header) : NaN;
      if (Number.isFinite(value) && value > 0) this.follow(value);
      reply.header(FOLLOWS_EMULATOR_HEADER, 'emulator');
    });
  }

  /** Takes the emulator's time and fires the timers now due, earliest first. */
  private follow(ms: number): void {
    this.ms = ms;
    const due = [...this.timers].filter(([, t]) => t.atMs <= ms).sort(([a, x], [b, y]) => x.atMs - y.atMs || a - b);
    for (const [id, timer] of due) {
      if (!this.timers.delete(id)) continue;
      timer.fn();
    }
  }
}
