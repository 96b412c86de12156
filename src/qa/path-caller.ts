import type { StepKind } from '../flow/step.js';
import type {
  CallerScript,
  CallerTurn,
  DialAnswer,
  DocumentHeard,
  GatherHeard,
  RecordHeard,
  RecordTurn,
  WaitHeard,
} from '../twilio/emulator/caller-script.js';
import type { EmulatedCallResult } from '../twilio/emulator/emulated-call.js';
import { keysToSubmit } from '../flow/gather-rules.js';
import { readGatherRules } from '../twilio/emulator/read-gather-rules.js';
import type { TwimlNode } from '../twilio/twiml-parser.js';
import { promptProblems, spokenTexts, type WaitingStep } from './path-expectation.js';

/** A step where the server did not do what the flow says, with the TwiML it sent. */
export interface StepFailure {
  /** 1-based position of the waiting step in the path. */
  readonly step: number;
  readonly stateId: string;
  readonly kind: StepKind | 'call';
  readonly problems: readonly string[];
  /** The documents received since the previous step (URL, then body). */
  readonly twiml: string;
}

/** What a path caller needs to know beyond its path. */
export interface PathCallerOptions {
  /** A case number the server's case directory knows, and one it does not. */
  readonly knownCase: string;
  readonly unknownCase: string;
  /** Dialable numbers the server maps flow transfer targets to (HOTLINE_TRANSFER_NUMBERS). */
  readonly transferNumbers?: Readonly<Record<string, string>>;
  /** Called when the path needs an agent to take the caller from the queue. */
  readonly onAgentNeeded: () => void;
}

const SECONDS_BETWEEN_KEYS = 0.3;

function normalisedInput(value: string | undefined): string {
  return (value ?? 'dtmf')
    .split(/[\s,]+/)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/**
 * A scripted citizen who follows one flow path through the emulator and
 * checks, at each step where the call waits, that the server's TwiML is what
 * the flow says: the prompts heard, the gather's settings, the queue, the
 * number dialled, the recording limit, the hang-up.
 */
export class PathCaller implements CallerScript {
  readonly failures: StepFailure[] = [];
  private readonly waits: readonly WaitingStep[];
  private readonly o: PathCallerOptions;
  private cursor = 0;
  private texts: string[] = [];
  private documents: string[] = [];
  private lastVerbs: readonly TwimlNode[] = [];
  private enqueued = false;
  private transferStatus: DialAnswer['status'] = 'completed';
  /** Set when the server left the path: the caller hangs up at the next chance. */
  private lost = false;

  constructor(waits: readonly WaitingStep[], options: PathCallerOptions) {
    this.waits = waits;
    this.o = options;
  }

  heard(document: DocumentHeard): void {
    if (document.role !== 'wait') {
      this.texts.push(...spokenTexts(document.verbs));
      this.lastVerbs = document.verbs;
    }
    this.documents.push(`${document.url}\n${document.body}`);
  }

  /** The step the path is at, if it is of `kind`; else records the divergence and returns undefined. */
  private expect(kind: StepKind, what: string): WaitingStep | undefined {
    if (this.lost) return undefined;
    const w = this.waits[this.cursor];
    if (w?.step.kind === kind) return w;
    const at = w ? `expected a ${w.step.kind} step at state "${w.stateId}"` : 'expected the call to end here';
    this.fail(w, [`${at}, but the server ${what}`]);
    this.lost = true;
    return undefined;
  }

  private fail(w: WaitingStep | undefined, problems: readonly string[]): void {
    this.failures.push({
      step: this.cursor + 1,
      stateId: w?.stateId ?? '(after the end)',
      kind: w?.step.kind ?? 'call',
      problems,
      twiml: this.documents.join('\n\n'),
    });
  }

  /** Checks the prompts heard (and any further problems) for step `w`, then starts listening afresh. */
  private check(w: WaitingStep, problems: string[] = []): void {
    const all = [...promptProblems(this.texts, w.prompts), ...problems];
    if (all.length > 0) this.fail(w, all);
    this.texts = [];
    this.documents = [];
  }

  gather(gather: GatherHeard): CallerTurn {
    if (gather.place === 'queue') return this.queueGather();
    const w = this.expect('gather', 'asked for input (<Gather>)');
    if (w?.step.kind !== 'gather') return { actions: [], hangupAfterSec: 0 };
    const step = w.step;
    const attrs = gather.verb.attrs;
    const problems: string[] = [];
    if (normalisedInput(attrs.input) !== normalisedInput(step.input))
      problems.push(`<Gather input="${attrs.input ?? 'dtmf'}">, the flow takes ${step.input}`);
    if (Number(attrs.timeout ?? 5) !== step.timeoutSec)
      problems.push(`<Gather timeout="${attrs.timeout ?? '5 (default)'}">, the flow waits ${step.timeoutSec} s`);
    if ((attrs.numDigits === undefined ? undefined : Number(attrs.numDigits)) !== step.maxDigits)
      problems.push(
        `<Gather numDigits="${attrs.numDigits ?? '(none)'}">, the flow takes ${step.maxDigits ?? 'any number of'} keys`,
      );
    if ((attrs.finishOnKey ?? '#') !== (step.finishOnKey ?? '#'))
      problems.push(
        `<Gather finishOnKey="${attrs.finishOnKey ?? '# (default)'}">, the flow finishes on "${step.finishOnKey ?? '#'}"`,
      );
    this.check(w, problems);
    this.cursor += 1;
    const event = w.event;
    const start = gather.promptSec + 0.5;
    switch (event?.type) {
      case 'DIGITS': {
        const digits =
          w.lookupFound === undefined ? event.digits : w.lookupFound ? this.o.knownCase : this.o.unknownCase;
        const keys = keysToSubmit(digits, readGatherRules(gather.verb));
        return {
          actions: [...keys].map((digit, i) => ({
            kind: 'key' as const,
            digit,
            atSec: start + i * SECONDS_BETWEEN_KEYS,
          })),
        };
      }
      case 'SPEECH':
        return {
          actions: [
            {
              kind: 'speech',
              startSec: start,
              endSec: start + 1.5,
              text: event.text,
              ...(event.confidence === undefined ? {} : { confidence: event.confidence }),
            },
          ],
        };
      case 'NO_INPUT':
        return { actions: [] };
      case 'HANGUP':
        return { actions: [], hangupAfterSec: gather.promptSec };
      default:
        this.fail(w, [`the path leaves a gather with ${event?.type ?? 'nothing'}; a caller cannot do that`]);
        this.lost = true;
        return { actions: [], hangupAfterSec: 0 };
    }
  }

  /** A gather in the wait URL (the callback offer): accepted when the path books a callback, else left unanswered. */
  private queueGather(): CallerTurn {
    const w = this.waits[this.cursor];
    if (
      !this.lost &&
      w?.step.kind === 'enqueue' &&
      w.event?.type === 'CALLBACK_REQUESTED' &&
      w.step.wait.callbackOffer
    ) {
      this.cursor += 1;
      this.enqueued = false;
      return { actions: [{ kind: 'key', digit: w.step.wait.callbackOffer.key, atSec: 0.5 }] };
    }
    return { actions: [] };
  }

  private checkQueue(w: WaitingStep, wait: WaitHeard): void {
    const name = wait.target;
    const skill = w.target ?? '';
    const problems =
      name === skill || name.startsWith(`${skill}.`)
        ? []
        : [`enqueued in "${name}", the flow queues for skill "${skill}"`];
    this.check(w, problems);
  }

  enqueueFault(wait: WaitHeard): 'queue-full' | 'error' | 'system-error' | undefined {
    const w = this.waits[this.cursor];
    if (this.lost || this.enqueued || w?.step.kind !== 'enqueue' || w.event?.type !== 'QUEUE_RESULT') return undefined;
    const result = w.event.result;
    if (result !== 'queue-full' && result !== 'error' && result !== 'system-error') return undefined;
    this.checkQueue(w, wait);
    this.cursor += 1;
    return result;
  }

  queuePatienceSec(wait: WaitHeard): number {
    // A second <Enqueue> for the same step is the server's overflow to another pool.
    if (this.enqueued) return Infinity;
    const w = this.expect('enqueue', `enqueued the caller in "${wait.target}"`);
    if (!w) return 0;
    this.checkQueue(w, wait);
    this.enqueued = true;
    switch (w.event?.type) {
      case 'HANGUP':
        this.cursor += 1;
        return 0;
      case 'AGENT_ANSWERED':
        this.cursor += 1;
        this.o.onAgentNeeded();
        return Infinity;
      default:
        return Infinity;
    }
  }

  talkSec(): number {
    this.enqueued = false;
    const w = this.expect('agent', 'bridged the caller to an agent');
    if (!w) return 0;
    this.check(w);
    this.cursor += 1;
    return w.event?.type === 'HANGUP' ? 5 : Infinity;
  }

  dialPatienceSec(wait: WaitHeard): number {
    const w = this.expect('transfer', `dialled ${wait.target}`);
    if (!w) return 0;
    const expected = w.target ?? '';
    const mapped = this.o.transferNumbers?.[expected];
    const problems =
      wait.target === expected || wait.target === mapped
        ? []
        : [`dialled ${wait.target}, the flow transfers to ${expected}${mapped ? ` (${mapped})` : ''}`];
    this.check(w, problems);
    this.cursor += 1;
    if (w.event?.type === 'HANGUP') return 0;
    this.transferStatus =
      w.event?.type === 'TRANSFER_ENDED' && w.event.status !== 'canceled' ? w.event.status : 'completed';
    return Infinity;
  }

  /** How the transfer the path takes ends. */
  dialAnswer(): DialAnswer {
    return { status: this.transferStatus, ringSec: 3, talkSec: this.transferStatus === 'completed' ? 60 : 0 };
  }

  record(record: RecordHeard): RecordTurn {
    const w = this.expect('record', 'started a recording (<Record>)');
    if (w?.step.kind !== 'record') return { messageSec: 0, end: 'hangup' };
    const problems =
      record.maxLengthSec === w.step.maxLengthSec
        ? []
        : [`<Record maxLength="${record.maxLengthSec}">, the flow records up to ${w.step.maxLengthSec} s`];
    this.check(w, problems);
    this.cursor += 1;
    const event = w.event;
    if (event?.type === 'RECORDED') return { messageSec: event.durationSec, end: 'key', key: '#' };
    if (event?.type === 'HANGUP') return { messageSec: 0, end: 'hangup' };
    return { messageSec: 0, end: 'silence' };
  }

  /** After the call: the last step (a hang-up with its goodbye), and whether the call ended where the path does. */
  finish(result: EmulatedCallResult): void {
    for (const error of result.errors)
      this.fail(this.waits[this.cursor], [`Twilio error ${error.code}: ${error.message}`]);
    if (this.lost) return;
    const w = this.waits[this.cursor];
    if (w?.step.kind === 'hangup') {
      this.check(w, this.lastVerbs.at(-1)?.name === 'Hangup' ? [] : ['the document does not end with <Hangup>']);
      this.cursor += 1;
    } else if (w) {
      this.fail(w, [`expected a ${w.step.kind} step at state "${w.stateId}", but the call ended (${result.endedBy})`]);
    } else if (this.waits.at(-1)?.event?.type === 'HANGUP' && result.endedBy !== 'caller') {
      this.fail(this.waits.at(-1), [`the caller should have hung up, but the call ended by ${result.endedBy}`]);
    }
  }
}
