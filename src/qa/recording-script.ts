import { traceWav } from '../audio/call-trace.js';
import type { ResolvedStep } from '../flow/runtime/resolved-step.js';
import { RecordedCaller, RecordedWorld, recordedActions } from '../replay/recorded-caller.js';
import type { Recording } from '../replay/recording-files.js';
import type { WorldStepKind } from '../flow/runtime/world.js';
import type { CompiledFlow } from '../flow/runtime/compiled-flow.js';
import type {
  CallerScript,
  CallerTurn,
  DialAnswer,
  GatherHeard,
  RecordHeard,
  RecordTurn,
  WaitHeard,
} from '../twilio/emulator/caller-script.js';
import { keysToSubmit } from '../flow/gather-rules.js';
import { readGatherRules } from '../twilio/emulator/read-gather-rules.js';
import { spokenTexts } from './path-expectation.js';
import { GatherRecogniser } from './scenario-caller.js';

/** What a recorded call needs from the run: an agent to take it from the queue after a while. */
export interface RecordingHooks {
  /** Place an agent who takes this caller `afterSec` from now and talks `talkSec`. */
  onAgentNeeded(afterSec: number, talkSec: number): void;
}

const NO_STEP = {} as ResolvedStep;

/**
 * A recorded caller on the emulator: at each gather the server sends it
 * recognises the flow's state from the prompts, re-aligns to the recording
 * there and gives what the recording shows (keys from the audio, words from
 * the transcripts), under Twilio's gather rules; queues, agents, transfers
 * and messages end as they did in the recording (an agent is sent after the
 * recorded wait). The server stays a black box: only its TwiML is seen.
 */
export class RecordingScript implements CallerScript {
  private readonly caller: RecordedCaller;
  private readonly world: RecordedWorld;
  private readonly recogniser: GatherRecogniser;
  private readonly compiled: CompiledFlow;
  private readonly hooks: RecordingHooks;
  private readonly offerKey: string | undefined;
  private readonly journey: Recording['metadata']['journey'];
  private journeyIndex = 0;
  private acceptOffer = false;
  /** The recorded queue outcome read when the caller was enqueued. */
  private queued: ReturnType<RecordedWorld['outcome']> | undefined;
  private transfer: DialAnswer = { status: 'completed', ringSec: 3, talkSec: 30 };

  constructor(recording: Recording, compiled: CompiledFlow, hooks: RecordingHooks) {
    const trace = traceWav(recording.wav, recording.file);
    this.caller = new RecordedCaller(recordedActions(recording.metadata, trace), recording.metadata);
    this.world = new RecordedWorld(recording.metadata.journey);
    this.recogniser = new GatherRecogniser(compiled);
    this.compiled = compiled;
    this.hooks = hooks;
    this.journey = recording.metadata.journey;
    const offer = compiled.states.find((s) => s.step?.kind === 'enqueue' && s.step.wait.callbackOffer)?.step;
    this.offerKey = offer?.kind === 'enqueue' ? offer.wait.callbackOffer?.key : undefined;
  }

  /** Re-aligns the caller at the next recorded step of this kind (queues, transfers and messages have no prompts to recognise). */
  private enter(kind: WorldStepKind, atSec: number): void {
    for (let j = this.journeyIndex; j < this.journey.length; j += 1) {
      if (this.journey[j]!.kind !== kind) continue;
      this.caller.entered(this.journey[j]!.state, atSec);
      this.journeyIndex = j + 1;
      return;
    }
  }

  private outcome(kind: WorldStepKind) {
    return this.world.outcome(kind, '', NO_STEP, 0);
  }

  gather(gather: GatherHeard): CallerTurn {
    if (gather.place === 'queue') {
      return this.acceptOffer && this.offerKey
        ? { actions: [{ kind: 'key', digit: this.offerKey, atSec: gather.promptSec + 0.5 }] }
        : { actions: [] };
    }
    const index = this.recogniser.recognise(spokenTexts(gather.verb.children));
    const state = index === null ? '' : this.compiled.states[index]!.id;
    if (state) {
      this.caller.entered(state, gather.atSec);
      const j = this.journey.findIndex((step, i) => i >= this.journeyIndex && step.state === state);
      if (j >= 0) this.journeyIndex = j + 1;
    }
    const rules = readGatherRules(gather.verb);
    const answer = this.caller.atGather({ step: rules, openSec: gather.atSec, promptSec: gather.promptSec });
    const hangupSec = this.caller.hangupSec();
    const hangup = Number.isFinite(hangupSec) ? { hangupAfterSec: Math.max(0, hangupSec - gather.atSec) } : {};
    const at = Math.max(0, answer.atSec - gather.atSec);
    const event = answer.event;
    if (event.type === 'DIGITS') {
      const keys = keysToSubmit(event.digits, rules);
      // The keys land so that the gather submits at the recorded moment.
      return {
        actions: [...keys].map((digit, i) => ({
          kind: 'key' as const,
          digit,
          atSec: Math.max(0, at - (keys.length - 1 - i) * 0.05),
        })),
        ...hangup,
      };
    }
    if (event.type === 'SPEECH') {
      return {
        actions: [
          {
            kind: 'speech',
            startSec: Math.max(0, at - 1),
            endSec: at,
            text: event.text,
            ...(event.confidence === undefined ? {} : { confidence: event.confidence }),
          },
        ],
        ...hangup,
      };
    }
    return { actions: [], ...hangup };
  }

  /** A queue the recording saw fail (queue-full, error) fails again. */
  enqueueFault(wait: WaitHeard): 'queue-full' | 'error' | 'system-error' | undefined {
    this.enter('enqueue', wait.atSec);
    const outcome = this.outcome('enqueue');
    const result = outcome.event.type === 'QUEUE_RESULT' ? outcome.event.result : undefined;
    if (result === 'queue-full' || result === 'error' || result === 'system-error') return result;
    this.queued = outcome;
    return undefined;
  }

  queuePatienceSec(wait: WaitHeard): number {
    const outcome = this.queued ?? this.outcome('enqueue');
    this.queued = undefined;
    const hangupSec = this.caller.hangupSec();
    const patience = Number.isFinite(hangupSec) ? Math.max(0, hangupSec - wait.atSec) : Infinity;
    if (outcome.event.type === 'AGENT_ANSWERED') {
      const agent = this.outcome('agent');
      this.hooks.onAgentNeeded(outcome.afterSec, agent.event.type === 'AGENT_FINISHED' ? agent.afterSec : 60);
      return Infinity;
    }
    if (outcome.event.type === 'CALLBACK_REQUESTED') this.acceptOffer = true;
    return patience;
  }

  dialPatienceSec(wait: WaitHeard): number {
    this.enter('transfer', wait.atSec);
    const outcome = this.outcome('transfer');
    if (outcome.event.type === 'TRANSFER_ENDED') {
      const status = outcome.event.status === 'canceled' ? 'completed' : outcome.event.status;
      this.transfer = { status, ringSec: Math.min(3, outcome.afterSec), talkSec: Math.max(0, outcome.afterSec - 3) };
      return Infinity;
    }
    const hangupSec = this.caller.hangupSec();
    return Number.isFinite(hangupSec) ? Math.max(0, hangupSec - wait.atSec) : Infinity;
  }

  /** How the recorded transfer ended. */
  dialAnswer(): DialAnswer {
    return this.transfer;
  }

  record(record: RecordHeard): RecordTurn {
    this.enter('record', record.atSec);
    const outcome = this.outcome('record');
    if (outcome.event.type === 'RECORDED') return { messageSec: outcome.event.durationSec, end: 'key', key: '#' };
    return outcome.event.type === 'HANGUP' ? { messageSec: 0, end: 'hangup' } : { messageSec: 0, end: 'silence' };
  }
}
