import type { CallerScript } from './caller-script.js';
import type { EmulatorClock } from './emulator-clock.js';
import type { TwilioEmulator } from './twilio-emulator.js';

/** The bot agent registered on the server for one pick-up: its id, and the phone its leg calls the agent line from. */
export interface BotAgentLeg {
  readonly id: string;
  readonly phone: string;
}

/**
 * The bot agent that takes the softphone's caller from the queue. It exists
 * only for this call: registered when the caller is picked up, removed after.
 */
export interface BotAgent {
  /** Registers the agent for `queue` (e.g. `general.in-house`: its skill and pool), recognised by its phone. */
  answer(queue: string): Promise<BotAgentLeg>;
  /** Removes it; harmless when it is not registered. */
  release(): Promise<void>;
}

/** What the pick-up needs. */
export interface BotPickUpOptions {
  readonly emulator: TwilioEmulator;
  readonly clock: EmulatorClock;
  readonly botAgent: BotAgent;
  /** The server's agent line (`…/agent/voice`): the bot agent calls it and is bridged with `<Dial><Queue>`. */
  readonly agentLineUrl: string;
  /** The hotline's number (the agent leg's To). */
  readonly to: string;
  /** Seconds of waiting, in all the call's queues, before the bot agent picks up. */
  readonly agentAfterSec: number;
  /** Seconds the bot agent talks before it hangs up. */
  readonly talkSec: number;
  /** The CallSid of the bot agent's leg (the caller hears it as `DequeingCallSid`). */
  readonly agentLegSid: string;
  /** Aborts when the call is over (the caller hung up): a pick-up not yet made is not made. */
  readonly signal: AbortSignal;
  /** A pick-up that failed (the bot agent could not be registered): the caller is hung up and the error reported. */
  readonly onFailure: (error: Error) => void;
}

/** The moment of the pick-up: seconds held in the queue that picked up, and in all queues. */
export interface PickUp {
  readonly queueSec: number;
  readonly totalSec: number;
  readonly agentId: string;
}

/**
 * The softphone's bot agent, on the emulator's own queues and the server's
 * agent line: follows the caller from queue to queue (an overflow moves it),
 * and once it has waited `agentAfterSec` in all, registers the bot agent for
 * that queue and places its leg to the agent line, as load tests' agents do;
 * the server bridges it with `<Dial><Queue>`, the emulator hands it the
 * caller, and it talks `talkSec` and hangs up. The agent is removed as soon
 * as the caller heard the pick-up (`pickedUp`), and again when its leg ends.
 */
export class BotPickUp {
  private readonly o: BotPickUpOptions;
  private heldBeforeSec = 0;
  private queued = false;
  private joined: { queue: string; atMs: number; timer: AbortController } | undefined;
  private leg: Promise<void> | undefined;
  private pick: PickUp | undefined;
  private released: Promise<void> | undefined;

  constructor(options: BotPickUpOptions) {
    this.o = options;
  }

  /** True while the caller waits in a queue. */
  get inQueue(): boolean {
    return this.joined !== undefined;
  }

  /** Seconds held in queues so far (null when never queued). */
  get heldSec(): number | null {
    if (!this.queued) return null;
    return this.heldBeforeSec + (this.joined ? (this.o.clock.now() - this.joined.atMs) / 1000 : 0);
  }

  /** The pick-up, once made. */
  get pickUp(): PickUp | undefined {
    return this.pick;
  }

  /** The caller joined `queue` now: the bot agent picks up when the wait in all queues reaches `agentAfterSec`. */
  join(queue: string): void {
    this.leave();
    this.queued = true;
    const timer = new AbortController();
    this.joined = { queue, atMs: this.o.clock.now(), timer };
    const remainingSec = Math.max(0, this.o.agentAfterSec - this.heldBeforeSec);
    const stop = AbortSignal.any([timer.signal, this.o.signal]);
    // Key -1: at an instant shared with the caller's hold, the agent picks up before the next wait round starts.
    void this.o.clock.sleep(remainingSec, stop, -1).then((passed) => {
      if (passed && this.joined?.timer === timer) this.leg = this.answer();
    });
  }

  /** Returns seconds the caller waited in the queue it leaves (0 when it was in none). */
  leave(): number {
    const joined = this.joined;
    if (!joined) return 0;
    joined.timer.abort();
    this.joined = undefined;
    const sec = (this.o.clock.now() - joined.atMs) / 1000;
    this.heldBeforeSec += sec;
    return sec;
  }

  /** The caller heard the pick-up: the bot agent is no longer needed on the server. */
  pickedUp(): void {
    this.released ??= this.release().catch(() => undefined);
  }

  /** Waits for the agent leg to end, and removes the bot agent if it is still there. */
  async finish(): Promise<void> {
    this.joined?.timer.abort();
    await this.leg;
    await this.released;
    await this.release();
  }

  private async answer(): Promise<void> {
    const joined = this.joined!;
    const queueSec = (this.o.clock.now() - joined.atMs) / 1000;
    const clock = this.o.clock;
    try {
      const agent = await clock.track(this.o.botAgent.answer(joined.queue));
      this.pick = { queueSec, totalSec: this.heldBeforeSec + queueSec, agentId: agent.id };
      this.leave();
      await this.o.emulator.placeCall(
        {
          url: this.o.agentLineUrl,
          from: agent.phone,
          to: this.o.to,
          script: botAgentScript(this.o.talkSec),
          hangUp: this.o.signal,
        },
        this.o.agentLegSid,
      );
    } catch (error) {
      this.o.onFailure(error as Error);
    } finally {
      // A failure to remove it is reported by `finish`, which tries again.
      await this.release().catch(() => undefined);
    }
  }

  private async release(): Promise<void> {
    await this.o.clock.track(this.o.botAgent.release());
  }
}

/** The bot agent on the agent line: talks `talkSec` with the caller, then hangs up instead of taking the next one. */
function botAgentScript(talkSec: number): CallerScript {
  return { gather: () => ({ actions: [], hangupAfterSec: 0 }), talkSec: () => talkSec };
}
