import type { Prompt } from './prompt.js';
import type { Text } from './text.js';

/**
 * What the caller may give a gather: keys, speech, or either (whichever comes first).
 */
export type GatherInput = 'dtmf' | 'speech' | 'dtmf speech';

/** Plays prompts, then continues with `PLAYED`. */
export interface AnnounceStep {
  readonly kind: 'announce';
  readonly prompts: readonly Prompt[];
}

/**
 * Plays prompts while listening for keys and/or speech. Ends with `DIGITS`,
 * `SPEECH` or `NO_INPUT` (nothing entered within `timeoutSec` of the prompts
 * ending, or only the finish key pressed).
 */
export interface GatherStep {
  readonly kind: 'gather';
  readonly prompts: readonly Prompt[];
  readonly input: GatherInput;
  /** Seconds to wait for the first (and each next) key after the prompts end. Twilio's default is 5. */
  readonly timeoutSec: number;
  /** Submit as soon as this many keys are pressed. Unlimited when absent. */
  readonly maxDigits?: number;
  /** Key that submits the keys entered so far (excluded from `digits`); '' for none. Default '#'. */
  readonly finishOnKey?: string;
  /** Words that help speech recognition. */
  readonly hints?: readonly string[];
}

/** How a caller waits in a queue: what they hear and what they are offered. */
export interface WaitPlan {
  /** Heard once on entering the queue, e.g. "all agents are busy, please hold". */
  readonly holdPrompts: readonly Prompt[];
  /** Position / estimated-wait announcement, repeated every `everySec`. `{position}` and `{waitMin}` are filled in. */
  readonly announce?: { readonly text: Text; readonly everySec: number };
  /** Offer of a callback once the caller has waited `afterSec` (total, across overflow). */
  readonly callbackOffer?: { readonly afterSec: number; readonly key: string; readonly prompt: Text };
  /** Hold music between announcements. Silence when absent. */
  readonly music?: Prompt;
}

/**
 * Puts the caller in the named skill queue. Ends with `AGENT_ANSWERED`,
 * `CALLBACK_REQUESTED`, `QUEUE_RESULT` (the queue failed) or `HANGUP`.
 * Which agent pool serves the queue, and overflow between pools, is routing:
 * the adapter's business, not the flow's.
 */
export interface EnqueueStep {
  readonly kind: 'enqueue';
  readonly prompts: readonly Prompt[];
  /** Skill name; may be a `{contextField}` template. */
  readonly skill: string;
  readonly wait: WaitPlan;
}

/** Bridged to an agent. `prompts` are heard by the caller as the agent picks up. Ends with `AGENT_FINISHED`. */
export interface AgentStep {
  readonly kind: 'agent';
  readonly prompts: readonly Prompt[];
}

/** Transfers the call to an outside number (110, 119, a department line). Ends with `TRANSFER_ENDED`. */
export interface TransferStep {
  readonly kind: 'transfer';
  readonly prompts: readonly Prompt[];
  /** Number to dial, e.g. '110' or '+8653112345678'. */
  readonly to: string;
  /** Short name for reports, e.g. 'police'. */
  readonly label: string;
  readonly timeoutSec: number;
}

/** Records a message after a beep. Ends with `RECORDED` or `NO_INPUT` (nothing said). */
export interface RecordStep {
  readonly kind: 'record';
  readonly prompts: readonly Prompt[];
  readonly maxLengthSec: number;
  /** Seconds of silence that end the recording. */
  readonly silenceTimeoutSec: number;
  readonly finishOnKey: string;
}

/**
 * Asks a data service (case status, opening hours…) without the caller doing
 * anything. Ends with `LOOKUP_RESULT`. `input` may be a `{contextField}` template.
 */
export interface LookupStep {
  readonly kind: 'lookup';
  readonly service: string;
  readonly input: string;
}

/** Plays prompts, then ends the call. */
export interface HangupStep {
  readonly kind: 'hangup';
  readonly prompts: readonly Prompt[];
}

/** Everything a flow can do to a caller, one per state. */
export type Step =
  | AnnounceStep
  | GatherStep
  | EnqueueStep
  | AgentStep
  | TransferStep
  | RecordStep
  | LookupStep
  | HangupStep;

/** The kinds of step, for exhaustive switches. */
export type StepKind = Step['kind'];

/** State meta that carries a step: `meta: gather({...})` in a flow. */
export interface StepMeta<S extends Step = Step> {
  readonly step: S;
}

type Args<S extends Step> = Omit<S, 'kind' | 'prompts'> & { readonly prompts?: readonly Prompt[] };

function meta<S extends Step>(step: S): StepMeta<S> {
  return { step };
}

/** State meta for an announcement: `meta: announce(say(T.greeting))`. */
export function announce(...prompts: Prompt[]): StepMeta<AnnounceStep> {
  return meta({ kind: 'announce', prompts });
}

/** State meta for a gather: `meta: gather({ prompts: [say(T.menu)], input: 'dtmf', timeoutSec: 5, maxDigits: 1 })`. */
export function gather(args: Args<GatherStep>): StepMeta<GatherStep> {
  return meta({ ...args, kind: 'gather', prompts: args.prompts ?? [] });
}

/** State meta for queueing: `meta: enqueue({ skill: 'general', wait: { holdPrompts: [...] } })`. */
export function enqueue(args: Args<EnqueueStep>): StepMeta<EnqueueStep> {
  return meta({ ...args, kind: 'enqueue', prompts: args.prompts ?? [] });
}

/** State meta for the agent leg: `meta: agent(say(T.agentGreeting))`. */
export function agent(...prompts: Prompt[]): StepMeta<AgentStep> {
  return meta({ kind: 'agent', prompts });
}

/** State meta for a transfer: `meta: transfer({ to: '119', label: 'fire', timeoutSec: 30 })`. */
export function transfer(args: Args<TransferStep>): StepMeta<TransferStep> {
  return meta({ ...args, kind: 'transfer', prompts: args.prompts ?? [] });
}

/** State meta for recording a message. */
export function record(args: Args<RecordStep>): StepMeta<RecordStep> {
  return meta({ ...args, kind: 'record', prompts: args.prompts ?? [] });
}

/** State meta for a data lookup: `meta: lookup({ service: 'caseStatus', input: '{caseNumber}' })`. */
export function lookup(args: Omit<LookupStep, 'kind'>): StepMeta<LookupStep> {
  return meta({ ...args, kind: 'lookup' });
}

/** State meta for ending the call: `meta: hangup(say(T.goodbye))`. */
export function hangup(...prompts: Prompt[]): StepMeta<HangupStep> {
  return meta({ kind: 'hangup', prompts });
}
