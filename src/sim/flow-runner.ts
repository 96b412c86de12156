import { HotlineError } from '../errors.js';
import type { CallEvent } from '../flow/call-event.js';
import { fillTemplate } from '../flow/text.js';
import type { FlowInput } from '../flow/flow-definition.js';
import type { Rng } from './rng.js';
import type { FlowCursor } from '../flow/runtime/compiled-flow.js';
import { type ChoiceAction, pickChoice, SIM_LANGUAGES, type SimFlowModel } from './ivr-caller-model.js';

/** What the flow runner needs from the engine. */
export interface FlowHost {
  /** Current simulated time, seconds. */
  now(): number;
  /** Calls `stepDone(slot)` at `atSec`. */
  scheduleStep(atSec: number, slot: number): void;
  /** Puts the caller in the queue of `skill` (a skill name from the flow). */
  joinQueue(slot: number, skill: string, callbackOfferAfterSec: number | null): void;
  /** The IVR left the call to the outside world (transfer) or ended it: set the IVR exit time if not set. */
  leaveIvr(slot: number): void;
  /** The call is over; `endedBy` tells who ended it. */
  finish(slot: number, endedBy: FlowEndedBy): void;
  /**
   * The rating 1..5 the caller in `slot` gives under the scenario's satisfaction model, or null without one
   * (the choice table's key stands). Asked once per rating key chosen at a survey gather.
   */
  surveyRating?(slot: number): number | null;
}

/** Who ended a call in the flow: the caller hanging up, or the flow itself (a hangup step, the survey's end…). */
export type FlowEndedBy = 'caller' | 'flow';

/** Flags kept per call about what it went through. */
export const FLAG_SELF_SERVED = 1;
export const FLAG_VOICEMAIL = 2;
export const FLAG_CALLBACK = 4;
/** The call passed through a state tagged `survey` (the caller was invited to rate it). */
export const FLAG_SURVEY = 8;

const PLAYED: CallEvent = { type: 'PLAYED' };
const NO_INPUT: CallEvent = { type: 'NO_INPUT' };
const HANGUP: CallEvent = { type: 'HANGUP' };
const AGENT_FINISHED: CallEvent = { type: 'AGENT_FINISHED' };
const CALLBACK_REQUESTED: CallEvent = { type: 'CALLBACK_REQUESTED' };
const TRANSFER_DONE: CallEvent = { type: 'TRANSFER_ENDED', status: 'completed' };
const LOOKUP_FOUND: CallEvent = { type: 'LOOKUP_RESULT', found: true, data: { status: '已办结' } };
const LOOKUP_MISSING: CallEvent = { type: 'LOOKUP_RESULT', found: false };
/** Marks a pending "join the queue" (after the enqueue prompts) or "end the call" (after hangup prompts). */
const JOIN = 1;
const END = 2;
const CALLER_HANGS_UP = 3;
/** The rating keys' events, 1..5, for a rating the satisfaction model chose. */
const RATING_EVENTS: readonly CallEvent[] = ['1', '2', '3', '4', '5'].map((digits) => ({ type: 'DIGITS', digits }));

/** Whether a choice is a rating: a single key 1..5 (the five-level survey's keys). */
function isRatingKey(action: ChoiceAction): boolean {
  return action.kind === 'event' && action.event.type === 'DIGITS' && /^[1-5]$/.test(action.event.digits);
}

/**
 * Moves simulated callers through a compiled flow in virtual time: plays each
 * step's prompts for as long as they take, makes the caller's choice at each
 * gather, answers lookups, and hands the caller to the engine's queue at an
 * enqueue step and back after the agent (for the survey).
 *
 * It drives the compiled engine's own cursor (`CompiledFlow`, `FlowCursor`:
 * the transition tables `CompiledCallEngine` runs for the live server), not a
 * `FlowCall` per call: that would add an object per call, a `can` before each
 * `send` and context copies on the simulator's hottest path, for answers the
 * cursor already gives. The equivalence test holds the tables to XState's machine.
 */
export class FlowRunner {
  readonly cursors: (FlowCursor | null)[] = [];
  readonly flags: number[] = [];
  readonly transferTo: (string | null)[] = [];
  /**
   * The state (index) the caller hung up in, -1 if the caller has not: the record's lastState is that state, as
   * live (where the caller was: the queue, a gather), not the flow's `callerHungUp` that HANGUP leads to.
   */
  private readonly hungUpIn: number[] = [];
  private readonly pending: (CallEvent | number | null)[] = [];
  private readonly model: SimFlowModel;
  private readonly rng: Rng;
  private readonly host: FlowHost;

  private readonly recorded: CallEvent;

  constructor(model: SimFlowModel, rng: Rng, host: FlowHost) {
    this.recorded = { type: 'RECORDED', durationSec: model.messageSec };
    this.model = model;
    this.rng = rng;
    this.host = host;
  }

  /** The language index of a call (0 Mandarin, 1 English). */
  private lang(cursor: FlowCursor): number {
    return cursor.ctx.language === 'en-US' ? 1 : 0;
  }

  /** Starts a call at the flow's beginning (an inbound call, or a callback leg with `input`). */
  begin(slot: number, input?: FlowInput): void {
    this.cursors[slot] = this.model.compiled.start(input);
    this.flags[slot] = 0;
    this.transferTo[slot] = null;
    this.hungUpIn[slot] = -1;
    this.enter(slot);
  }

  /** The current state's id (for the record's lastState). */
  stateId(slot: number): string {
    const hungUpIn = this.hungUpIn[slot] ?? -1;
    return this.model.compiled.states[hungUpIn >= 0 ? hungUpIn : this.cursors[slot]!.state]!.id;
  }

  private after(slot: number, sec: number, next: CallEvent | number): void {
    this.pending[slot] = next;
    this.host.scheduleStep(this.host.now() + sec, slot);
  }

  /** Runs the step the call is in: schedules its end, or hands it over. */
  private enter(slot: number): void {
    const cursor = this.cursors[slot]!;
    const state = this.model.compiled.states[cursor.state]!;
    if (state.tags.has('self-served')) this.flags[slot]! |= FLAG_SELF_SERVED;
    if (state.tags.has('voicemail')) this.flags[slot]! |= FLAG_VOICEMAIL;
    if (state.tags.has('survey')) this.flags[slot]! |= FLAG_SURVEY;
    const step = state.step;
    if (!step) {
      this.host.finish(slot, state.id === 'callerHungUp' ? 'caller' : 'flow');
      return;
    }
    const promptSec = this.model.promptSec[cursor.state]![this.lang(cursor)] as number;
    switch (step.kind) {
      case 'announce':
        this.after(slot, promptSec, PLAYED);
        return;
      case 'lookup': {
        const found = this.rng.next() < (this.model.lookupFound[step.service] ?? 0);
        this.after(slot, 0.5, found ? LOOKUP_FOUND : LOOKUP_MISSING);
        return;
      }
      case 'gather': {
        const table = this.model.choices[cursor.state];
        if (!table) {
          this.after(slot, promptSec + step.timeoutSec, NO_INPUT);
          return;
        }
        const action = pickChoice(table, this.rng.next());
        if (action.kind === 'none') this.after(slot, promptSec + step.timeoutSec, NO_INPUT);
        else if (action.kind === 'hangup') this.after(slot, promptSec * this.rng.next(), CALLER_HANGS_UP);
        else this.after(slot, promptSec + this.model.thinkSec(this.rng) + action.inputSec, this.input(slot, action));
        return;
      }
      case 'enqueue':
        this.after(slot, promptSec, JOIN);
        return;
      case 'agent':
        // The agent's greeting is part of the handle time the engine already scheduled.
        return;
      case 'transfer':
        this.host.leaveIvr(slot);
        this.transferTo[slot] = step.to;
        this.after(slot, promptSec + 10, TRANSFER_DONE);
        return;
      case 'record':
        this.after(slot, promptSec + this.model.messageSec, this.recorded);
        return;
      case 'hangup':
        this.after(slot, promptSec, END);
        return;
    }
  }

  /** A scheduled step end: apply what the caller did and go on. */
  stepDone(slot: number): void {
    const next = this.pending[slot] ?? null;
    this.pending[slot] = null;
    const cursor = this.cursors[slot]!;
    if (next === JOIN) {
      const state = this.model.compiled.states[cursor.state]!;
      const offer =
        state.step?.kind === 'enqueue' &&
        state.step.wait.callbackOffer &&
        cursor.ctx.direction !== 'callback' &&
        this.model.callbackAccept > 0
          ? state.step.wait.callbackOffer.afterSec
          : null;
      const skill = state.step?.kind === 'enqueue' ? fillTemplate(state.step.skill, cursor.ctx) : 'general';
      this.host.joinQueue(slot, skill, offer);
      return;
    }
    if (next === END) {
      this.host.leaveIvr(slot);
      this.host.finish(slot, 'flow');
      return;
    }
    if (next === CALLER_HANGS_UP) {
      this.hungUpIn[slot] = cursor.state;
      this.model.compiled.send(cursor, HANGUP);
      this.host.finish(slot, 'caller');
      return;
    }
    if (next !== null && !this.model.compiled.send(cursor, next as CallEvent)) {
      // The step's own ending event is not handled: the flow would replay this step forever.
      const state = this.model.compiled.states[cursor.state]!;
      throw new HotlineError(
        'HOTLINE_FLOW_INVALID',
        `Flow "${this.model.compiled.flow.id}" state "${state.id}" (${state.step?.kind ?? 'final'}) has no transition for ${(next as CallEvent).type}; a simulated caller would be stuck there. Add one.`,
      );
    }
    this.enter(slot);
  }

  /**
   * The event of a chosen action. At a survey gather (a state tagged `survey`) with a satisfaction model, a
   * rating key (1..5) in the choice table means only "the caller rates": the host's model picks which key. The
   * table still decides rating vs no input, an invalid key or hanging up, and the timing (same think time, same
   * key length), so the choice stream's draws are those of the run without the model.
   */
  private input(slot: number, action: ChoiceAction & { kind: 'event' }): CallEvent {
    if (!this.host.surveyRating || !isRatingKey(action)) return action.event;
    if (!this.model.compiled.states[this.cursors[slot]!.state]!.tags.has('survey')) return action.event;
    const rating = this.host.surveyRating(slot);
    return rating === null ? action.event : (RATING_EVENTS[rating - 1] as CallEvent);
  }

  private readonly answeredEvents = new Map<string, CallEvent>();

  /** An agent took the caller. */
  answered(slot: number, agentId: string): void {
    let event = this.answeredEvents.get(agentId);
    if (!event) {
      event = { type: 'AGENT_ANSWERED', agentId };
      this.answeredEvents.set(agentId, event);
    }
    this.model.compiled.send(this.cursors[slot]!, event);
  }

  /** The agent leg ended: the caller goes on (the survey). */
  agentFinished(slot: number): void {
    this.model.compiled.send(this.cursors[slot]!, AGENT_FINISHED);
    this.enter(slot);
  }

  /** The caller hung up in the queue. */
  abandoned(slot: number): void {
    this.hungUpIn[slot] = this.cursors[slot]!.state;
    this.model.compiled.send(this.cursors[slot]!, HANGUP);
  }

  /** Whether a waiting caller accepts the callback offer now. */
  acceptsCallback(): boolean {
    return this.rng.next() < this.model.callbackAccept;
  }

  /** The caller left the queue with a callback booked. */
  callbackBooked(slot: number): void {
    this.flags[slot]! |= FLAG_CALLBACK;
    this.model.compiled.send(this.cursors[slot]!, CALLBACK_REQUESTED);
    this.enter(slot);
  }

  /** The rating the caller gave, 1..5, or null. */
  rating(slot: number): number | null {
    const r = Number(this.cursors[slot]!.ctx.rating);
    return Number.isInteger(r) && r >= 1 && r <= 5 ? r : null;
  }

  /** The call's language tag. */
  language(slot: number): string {
    return SIM_LANGUAGES[this.lang(this.cursors[slot]!)] as string;
  }

  /** Forgets a finished call. */
  release(slot: number): void {
    this.cursors[slot] = null;
  }
}
