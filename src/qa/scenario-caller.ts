import { LANGUAGES, pickText } from '../flow/text.js';
import { pickChoice, type SimFlowModel } from '../sim/ivr-caller-model.js';
import type { CompiledFlow } from '../flow/runtime/compiled-flow.js';
import type { Rng } from '../sim/rng.js';
import type { Sampler } from '../sim/distributions.js';
import type { AgentPool } from '../record/call-record.js';
import type { SimModel } from '../sim/sim-model.js';
import type { CallerScript, CallerTurn, GatherHeard, RecordTurn, WaitHeard } from '../twilio/emulator/caller-script.js';
import { keysToSubmit } from '../flow/gather-rules.js';
import { readGatherRules } from '../twilio/emulator/read-gather-rules.js';
import { expectedPrompt, spokenTexts } from './path-expectation.js';

/** What load callers and agents behave by, from a scenario. */
export interface LoadBehaviour {
  readonly flow: SimFlowModel;
  /** Patience in the queue; null: callers never abandon. */
  readonly patience: Sampler | null;
  /** One call's agent time for an agent of `pool`: talk, then after-call work (the scenario's handle = talk + acw). */
  readonly work: (rng: Rng, pool: AgentPool) => AgentWork;
  /**
   * Callers who abandon in the queue call again from the same number with this probability after this delay, as
   * the simulator's (callers.redial); only a replayed arrival stream (`arrivals`) redials. Absent: no redials.
   */
  readonly redial?: { readonly probability: number; readonly delaySec: Sampler } | null;
}

/** One call's agent time, seconds: talking to the caller, then after-call work (wrap-up). */
export interface AgentWork {
  readonly talkSec: number;
  readonly acwSec: number;
}

/**
 * Recognises which gather state of the flow a `<Gather>` is, from the prompts
 * it speaks: the state's own prompts (in any of the flow's languages) end
 * the gather's spoken texts. The server is a black box; only its TwiML is seen.
 */
export class GatherRecogniser {
  private readonly states: { index: number; prompts: RegExp[] }[] = [];
  private readonly cache = new Map<string, number | null>();

  constructor(compiled: CompiledFlow) {
    compiled.states.forEach((state, index) => {
      const step = state.step;
      if (step?.kind !== 'gather') return;
      for (const language of LANGUAGES) {
        const prompts = step.prompts.flatMap((p) =>
          p.kind === 'say' ? [expectedPrompt(pickText(p.text, language) ?? '').pattern] : [],
        );
        if (prompts.length > 0) this.states.push({ index, prompts });
      }
    });
    // Longer prompt lists first, so a state whose prompts end another's is not mistaken for it.
    this.states.sort((a, b) => b.prompts.length - a.prompts.length);
  }

  /** The state index, or null for a gather the flow does not have. */
  recognise(texts: readonly string[]): number | null {
    const key = texts.join('\u0000');
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const found = this.states.find(({ prompts }) => {
      if (prompts.length > texts.length) return false;
      const tail = texts.slice(texts.length - prompts.length);
      return prompts.every((p, i) => p.test(tail[i]!));
    });
    const index = found?.index ?? null;
    this.cache.set(key, index);
    return index;
  }
}

/**
 * A citizen from a scenario's caller model: at each gather it recognises
 * the flow's state and picks what the scenario's choice table says (keys,
 * speech, no input or hanging up, after a think time); in the queue it
 * waits as long as its patience; it takes the callback offer with the
 * scenario's probability.
 */
export class ScenarioCaller implements CallerScript {
  private readonly b: LoadBehaviour;
  private readonly rng: Rng;
  private readonly recogniser: GatherRecogniser;
  private readonly offerKey: string | undefined;
  /** The caller's patience (seconds) and the call time it started at (the first queue entry); null before. */
  private patience: { readonly sec: number; readonly fromSec: number } | null = null;
  /** An agent took the caller (the bridge started). */
  private answered = false;

  constructor(behaviour: LoadBehaviour, recogniser: GatherRecogniser, rng: Rng) {
    this.b = behaviour;
    this.rng = rng;
    this.recogniser = recogniser;
    const offer = behaviour.flow.compiled.states.find(
      (s) => s.step?.kind === 'enqueue' && s.step.wait.callbackOffer,
    )?.step;
    this.offerKey = offer?.kind === 'enqueue' ? offer.wait.callbackOffer?.key : undefined;
  }

  gather(gather: GatherHeard): CallerTurn {
    if (gather.place === 'queue') {
      const accept = this.offerKey !== undefined && this.rng.next() < this.b.flow.callbackAccept;
      return accept
        ? { actions: [{ kind: 'key', digit: this.offerKey!, atSec: gather.promptSec + 0.5 }] }
        : { actions: [] };
    }
    const state = this.recogniser.recognise(spokenTexts(gather.verb.children));
    const table = state === null ? null : this.b.flow.choices[state];
    if (!table) return { actions: [] };
    const action = pickChoice(table, this.rng.next());
    const at = gather.promptSec + this.b.flow.thinkSec(this.rng);
    if (action.kind === 'none') return { actions: [] };
    if (action.kind === 'hangup') return { actions: [], hangupAfterSec: at };
    const event = action.event;
    if (event.type === 'SPEECH')
      return {
        actions: [
          {
            kind: 'speech',
            startSec: at,
            endSec: at + action.inputSec,
            text: event.text,
            ...(event.confidence === undefined ? {} : { confidence: event.confidence }),
          },
        ],
      };
    if (event.type !== 'DIGITS') return { actions: [] };
    const keys = keysToSubmit(event.digits, readGatherRules(gather.verb));
    const gap = keys.length > 1 ? action.inputSec / keys.length : 0;
    return { actions: [...keys].map((digit, i) => ({ kind: 'key' as const, digit, atSec: at + i * gap })) };
  }

  /**
   * Patience counts from the first queue entry, as in the simulator: a caller moved to another queue (overflow:
   * the server's `<Leave>` then a new `<Enqueue>`) waits only the rest of it there.
   */
  queuePatienceSec(wait: WaitHeard): number {
    if (this.patience === null) {
      this.patience = { sec: this.b.patience ? this.b.patience(this.rng) : Infinity, fromSec: wait.atSec };
    }
    return Math.max(0, this.patience.sec - (wait.atSec - this.patience.fromSec));
  }

  record(): RecordTurn {
    return { messageSec: this.b.flow.messageSec, end: 'silence' };
  }

  /** An agent takes the caller: the caller talks until the agent hangs up (the agent's script times the talk). */
  talkSec(): number {
    this.answered = true;
    return Number.POSITIVE_INFINITY;
  }

  /**
   * True when this call was abandoned in the queue, the simulator's abandonment: the caller reached a queue, no
   * agent took it, and the caller hung up (`endedBy` of the call's result: 'caller').
   */
  abandonedInQueue(endedBy: string): boolean {
    return this.patience !== null && !this.answered && endedBy === 'caller';
  }
}

/**
 * An agent on the agent line: takes the next caller whenever asked, talks the
 * scenario's talk time (handle − after-call work) and hangs up the caller's
 * leg, wraps up for the after-call work in the after-call menu and only then
 * presses 1 for the next caller, so the server's handle time (answer → end of
 * wrap-up) is talk + after-call work as in the simulator; it hangs up once told
 * the run is over.
 */
export class LoadAgent implements CallerScript {
  private readonly work: LoadBehaviour['work'];
  private readonly pool: AgentPool;
  private readonly rng: Rng;
  private done = false;
  /** After-call work of the call just ended, seconds: the next after-call menu waits this long before key 1. */
  private wrapUpSec = 0;

  constructor(work: LoadBehaviour['work'], rng: Rng, pool: AgentPool = 'in-house') {
    this.work = work;
    this.rng = rng;
    this.pool = pool;
  }

  /** Ends the shift: the agent hangs up at the next chance. */
  stop(): void {
    this.done = true;
  }

  gather(gather: GatherHeard): CallerTurn {
    if (this.done) return { actions: [], hangupAfterSec: 0 };
    // The menu opens as the wrap-up starts: key 1 once the after-call work is done (at least 1 s, as before).
    const atSec = this.wrapUpSec > 0 ? this.wrapUpSec : Math.min(1, gather.promptSec);
    this.wrapUpSec = 0;
    return { actions: [{ kind: 'key', digit: '1', atSec }] };
  }

  talkSec(): number {
    const { talkSec, acwSec } = this.work(this.rng, this.pool);
    this.wrapUpSec = acwSec;
    return talkSec;
  }

  hungUp(): boolean {
    return this.done;
  }
}

/**
 * One call's agent time by the scenario's call types (picked by share): handle time of the agent's pool, of
 * which the call type's after-call work (capped at the handle time, as the simulator does) is wrap-up.
 */
export function agentWork(types: SimModel['callTypes']): LoadBehaviour['work'] {
  const total = types.reduce((sum, t) => sum + t.share, 0);
  return (rng, pool) => {
    let u = rng.next() * total;
    const type = types.find((t) => (u -= t.share) < 0) ?? types[types.length - 1]!;
    const handleSec = Math.max(0, type.handle[pool](rng));
    const acwSec = type.acw ? Math.min(Math.max(type.acw[pool](rng), 0), handleSec) : 0;
    return { talkSec: handleSec - acwSec, acwSec };
  };
}
