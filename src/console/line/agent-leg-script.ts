import type { CallerScript, CallerTurn, GatherHeard, WaitHeard } from '../../twilio/emulator/caller-script.js';

/** What the agent's phone does next at the after-call menu: the next caller (1), away (2), or leave the line. */
export type AgentLegCommand = 'next' | 'away' | 'hangup';

/** Keys of the agent line's after-call and away menus (src/server/services/agent-line.ts NEXT_KEY, AWAY_KEY). */
const MENU_KEYS: Readonly<Record<Exclude<AgentLegCommand, 'hangup'>, string>> = { next: '1', away: '2' };

/** Seconds after a gather's prompts that the agent's keys begin. */
const KEY_AT_SEC = 0.5;

/** A key sequence typed at a gather, 0.2 s apart, after its prompts. */
function keys(digits: string, gather: GatherHeard): CallerTurn {
  return {
    actions: [...digits].map((digit, i) => ({
      kind: 'key' as const,
      digit,
      atSec: gather.promptSec + KEY_AT_SEC + i * 0.2,
    })),
  };
}

/**
 * The agent's phone on the agent line (`/agent/voice`), as a person at the agent desktop holds it: keys the agent
 * number and PIN when asked, takes callers with `<Dial><Queue>` and talks until `endCall` (or the caller hangs up),
 * waits at the after-call menu until told `next`, `away` or `hangup`, and stays on the line until `hangUp`.
 */
export class AgentLegScript implements CallerScript {
  private readonly agentId: string;
  private readonly pin: string | undefined;
  private readonly leave = new AbortController();
  private bridge = new AbortController();
  private pending: ((command: AgentLegCommand) => void) | undefined;
  private queued: AgentLegCommand | undefined;

  constructor(agentId: string, pin: string | undefined) {
    this.agentId = agentId;
    this.pin = pin;
  }

  /** True while the phone waits at the after-call or away menu for a command. */
  get atMenu(): boolean {
    return this.pending !== undefined;
  }

  /** Aborts when the agent leaves the line: the leg's hangUp signal. */
  get signal(): AbortSignal {
    return this.leave.signal;
  }

  /** Tells the phone what to do at the after-call (or away) menu, now or when it is next heard. */
  command(command: AgentLegCommand): void {
    if (command === 'hangup') {
      this.leave.abort();
      this.bridge.abort();
    }
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      pending(command);
    } else this.queued = command;
  }

  /** Hangs up on the caller the agent talks with; the agent stays on the line (the after-call menu follows). */
  endCall(): void {
    this.bridge.abort();
  }

  async gather(gather: GatherHeard): Promise<CallerTurn> {
    const action = gather.verb.attrs.action ?? '';
    if (action.startsWith('/agent/login')) return keys(`${this.agentId}#`, gather);
    if (action.startsWith('/agent/pin')) {
      return this.pin === undefined ? { actions: [], hangupAfterSec: 0 } : keys(`${this.pin}#`, gather);
    }
    const command = await this.next();
    if (command === 'hangup') return { actions: [], hangupAfterSec: 0 };
    return keys(MENU_KEYS[command], gather);
  }

  talkSec(): number {
    return Infinity;
  }

  bridgeEnd(_wait: WaitHeard): AbortSignal {
    this.bridge = new AbortController();
    if (this.leave.signal.aborted) this.bridge.abort();
    return this.bridge.signal;
  }

  hungUp(): boolean {
    return this.leave.signal.aborted;
  }

  private next(): Promise<AgentLegCommand> {
    const queued = this.queued;
    if (queued !== undefined) {
      this.queued = undefined;
      return Promise.resolve(queued);
    }
    if (this.leave.signal.aborted) return Promise.resolve('hangup');
    return new Promise((resolve) => {
      this.pending = resolve;
    });
  }
}
