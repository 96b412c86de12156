import type { FastifyInstance } from 'fastify';
import type { AnyMachineSnapshot } from 'xstate';
import { expect } from 'vitest';
import type { CallEvent } from '../../src/flow/call-event.js';
import { SAMPLE_LOOKUP_DATA } from '../../src/flow/graph/flow-events.js';
import type { FlowPath } from '../../src/flow/graph/coverage-paths.js';
import { activeStep } from '../../src/flow/graph/machine-internals.js';
import { resolvePrompt } from '../../src/flow/runtime/resolved-step.js';
import type { Step } from '../../src/flow/step.js';
import type { CallStore } from '../../src/store/call-store.js';
import type { TwimlNode } from '../../src/twilio/twiml-parser.js';
import { callParams, post, spoken, type WebhookResponse } from './signed-client.js';

export const AGENT = { id: '8013', phone: '+8613900000001' };
export const KNOWN_CASE = '202611240001';
export const UNKNOWN_CASE = '202611249999';
export const CALLER = '+8613800138000';

/** The test's case directory: only KNOWN_CASE exists. */
export async function testCaseLookup(input: string) {
  return input === KNOWN_CASE ? { found: true, data: { ...SAMPLE_LOOKUP_DATA } } : { found: false };
}

/** The clock the app under test reads; tests move it. */
export class TestClock {
  ms = Date.UTC(2026, 10, 24, 2, 0, 0);
  readonly now = (): number => this.ms;
  advance(sec: number): void {
    this.ms += sec * 1000;
  }
}

function stepOf(snapshot: AnyMachineSnapshot): Step | undefined {
  return activeStep(snapshot)?.step;
}

function promptTexts(step: Step, snapshot: AnyMachineSnapshot): string[] {
  if (!('prompts' in step)) return [];
  const context = snapshot.context as Record<string, unknown> & { language: 'cmn-CN' | 'en-US' };
  return step.prompts.flatMap((p) => {
    const resolved = resolvePrompt(p, context.language, context);
    return resolved.kind === 'say' ? [resolved.text] : [];
  });
}

function find(verbs: readonly TwimlNode[], name: string): TwimlNode | undefined {
  return verbs.find((v) => v.name === name);
}

export { expectedOutcome } from '../../src/qa/path-expectation.js';

/**
 * Drives one flow path through the real HTTP routes, the way Twilio would,
 * and checks the TwiML of every step against what the flow's state declares.
 */
export class PathDriver {
  private doc: WebhookResponse | undefined;
  private enqueueAction = '';
  private queueName = '';
  requests = 0;

  constructor(
    private readonly app: FastifyInstance,
    private readonly store: CallStore,
    private readonly clock: TestClock,
    private readonly callSid: string,
  ) {}

  private async send(path: string, extra: Record<string, string> = {}): Promise<WebhookResponse> {
    this.requests += 1;
    const res = await post(this.app, path, callParams(this.callSid, { From: CALLER, Caller: CALLER, ...extra }));
    expect(res.status, `${path}: ${res.body}`).toBe(200);
    expect(res.contentType).toContain('text/xml');
    return res;
  }

  private get verbs(): TwimlNode[] {
    if (!this.doc) throw new Error('no TwiML yet');
    return this.doc.verbs;
  }

  /** Checks the current TwiML against a waiting state and the announce prompts passed on the way. */
  private check(snapshot: AnyMachineSnapshot, passed: string[], label: string): void {
    const step = stepOf(snapshot);
    if (!step) return;
    const context = snapshot.context as Record<string, unknown>;
    const expected = [...passed, ...promptTexts(step, snapshot)];
    const verbs = this.verbs;
    switch (step.kind) {
      case 'gather': {
        const gather = verbs[0]!;
        expect(gather.name, `${label}: ${this.doc?.body}`).toBe('Gather');
        expect(gather.attrs.action, label).toMatch(/^\/voice\/gather\?turn=\d+$/);
        expect(gather.attrs.timeout, label).toBe(String(step.timeoutSec));
        expect(gather.attrs.numDigits, label).toBe(step.maxDigits === undefined ? undefined : String(step.maxDigits));
        expect(gather.attrs.input, label).toBe(step.input);
        expect(spoken(gather.children), label).toEqual(expected);
        expect(verbs[1]?.name, label).toBe('Redirect');
        expect(verbs[1]?.text, label).toMatch(/^\/voice\/no-input\?turn=\d+$/);
        break;
      }
      case 'enqueue': {
        const enqueue = find(verbs, 'Enqueue');
        expect(enqueue, label).toBeDefined();
        expect(enqueue!.text, label).toBe(`${String(context.skill)}.in-house`);
        expect(enqueue!.attrs.waitUrl, label).toBe('/queue/wait');
        expect(spoken(verbs), label).toEqual(expected);
        this.enqueueAction = enqueue!.attrs.action!;
        this.queueName = enqueue!.text;
        break;
      }
      case 'agent':
        expect(spoken(verbs), label).toEqual(expected);
        expect(spoken(verbs).join(' '), label).toContain(AGENT.id);
        break;
      case 'transfer': {
        const dial = find(verbs, 'Dial');
        expect(dial?.children.find((c) => c.name === 'Number')?.text, label).toBe(step.to);
        expect(spoken(verbs), label).toEqual(expected);
        break;
      }
      case 'record':
        expect(find(verbs, 'Record')?.attrs.maxLength, label).toBe(String(step.maxLengthSec));
        expect(verbs.at(-1)?.text, label).toMatch(/^\/voice\/no-input\?turn=\d+$/);
        expect(spoken(verbs), label).toEqual(expected);
        break;
      case 'hangup':
        expect(verbs.at(-1)?.name, label).toBe('Hangup');
        expect(spoken(verbs), label).toEqual(expected);
        break;
      default:
        throw new Error(`${label}: ${step.kind} is not a waiting step`);
    }
  }

  /** Starts the call: an inbound POST /voice, or the answer of a booked callback. */
  async start(callbackId?: string): Promise<void> {
    this.doc =
      callbackId === undefined
        ? await this.send('/voice', { CallStatus: 'ringing' })
        : await this.send(`/callback/answer?id=${callbackId}`, {
            Direction: 'outbound-api',
            From: '+8653112345',
            To: CALLER,
          });
  }

  /** Drives the whole path, checking every step; closes the call with a status callback. */
  async drive(path: FlowPath, name: string): Promise<void> {
    const states = [path.start, ...path.steps.map((s) => s.snapshot)];
    let passed: string[] = [];
    for (let i = 0; i < states.length; i += 1) {
      const snapshot = states[i]!;
      const step = stepOf(snapshot);
      const label = `${name} @ ${JSON.stringify(snapshot.value)} (step ${i})`;
      if (step?.kind === 'announce') {
        passed.push(...promptTexts(step, snapshot));
        continue;
      }
      if (step?.kind === 'lookup') continue;
      if (step) this.check(snapshot, passed, label);
      passed = [];
      const next = path.steps[i];
      if (!next) break;
      // A DIGITS event into a lookup state types a case number the directory does or does not know, as the path's lookup result says.
      const lookupResult = stepOf(next.snapshot)?.kind === 'lookup' ? path.steps[i + 1]?.event : undefined;
      await this.perform(next.event, step, lookupResult, label);
    }
    if (path.end.status === 'done' && !path.end.matches('callerHungUp')) {
      const closed = await this.send('/voice/status', { CallStatus: 'completed', CallDuration: '100' });
      expect(closed.verbs, name).toEqual([]);
    }
  }

  private async perform(
    event: CallEvent,
    step: Step | undefined,
    lookupResult: CallEvent | undefined,
    label: string,
  ): Promise<void> {
    switch (event.type) {
      case 'DIGITS': {
        const gather = this.verbs[0]!;
        let digits = event.digits;
        if (lookupResult?.type === 'LOOKUP_RESULT') digits = lookupResult.found ? KNOWN_CASE : UNKNOWN_CASE;
        const finish = gather.attrs.finishOnKey ?? '';
        this.doc = await this.send(gather.attrs.action!, { Digits: digits, FinishedOnKey: finish });
        break;
      }
      case 'SPEECH':
        this.doc = await this.send(this.verbs[0]!.attrs.action!, {
          SpeechResult: event.text,
          Confidence: String(event.confidence ?? 0.8),
        });
        break;
      case 'NO_INPUT':
        // Twilio's fall-through: nothing entered (or recorded), so it follows the Redirect after the Gather or Record.
        expect(this.verbs.at(-1)?.name, `${label}: a Redirect follows the ${step?.kind}`).toBe('Redirect');
        this.doc = await this.send(this.verbs.at(-1)!.text);
        break;
      case 'HANGUP': {
        const res = await this.send('/voice/status', { CallStatus: 'completed', CallDuration: '30' });
        expect(res.verbs, label).toEqual([]);
        break;
      }
      case 'AGENT_ANSWERED': {
        const line = await this.send('/agent/voice', {
          From: AGENT.phone,
          Caller: AGENT.phone,
          CallSid: `CA${'f'.repeat(32)}`,
        });
        const queue = find(line.verbs, 'Dial')?.children.find((c) => c.name === 'Queue');
        expect(queue?.text, `${label}: the agent line bridges to the caller's queue`).toBe(this.queueName);
        this.clock.advance(5);
        this.doc = await this.send(queue!.attrs.url!, { QueueTime: '5', DequeingCallSid: `CA${'f'.repeat(32)}` });
        break;
      }
      case 'AGENT_FINISHED':
        this.clock.advance(180);
        this.doc = await this.send(this.enqueueAction, { QueueResult: 'bridged', QueueTime: '5' });
        break;
      case 'QUEUE_RESULT':
        this.doc = await this.send(this.enqueueAction, { QueueResult: event.result });
        break;
      case 'CALLBACK_REQUESTED':
        await this.requestCallback(label);
        break;
      case 'TRANSFER_ENDED':
        this.doc = await this.send(find(this.verbs, 'Dial')!.attrs.action!, {
          DialCallStatus: event.status,
          DialCallDuration: '60',
        });
        break;
      case 'RECORDED':
        this.doc = await this.send(find(this.verbs, 'Record')!.attrs.action!, {
          RecordingUrl: event.url ?? 'https://api.twilio.com/r.wav',
          RecordingDuration: String(event.durationSec),
          Digits: '#',
        });
        break;
      case 'PLAYED':
      case 'LOOKUP_RESULT':
        break;
    }
  }

  /** Waits past the overflow (30 s) and the callback offer (60 s), then accepts the offer. */
  private async requestCallback(label: string): Promise<void> {
    const skill = this.queueName.replace(/\.in-house$/, '');
    this.clock.advance(31);
    const overflow = await this.send('/queue/wait', { QueuePosition: '1', QueueTime: '31' });
    expect(
      overflow.verbs.map((v) => v.name),
      `${label}: overflow leaves the in-house queue`,
    ).toEqual(['Leave']);
    const rejoined = await this.send(this.enqueueAction, { QueueResult: 'leave', QueueTime: '31' });
    const enqueue = find(rejoined.verbs, 'Enqueue');
    expect(enqueue?.text, label).toBe(`${skill}.outsourced`);
    this.enqueueAction = enqueue!.attrs.action!;
    this.clock.advance(30);
    const round = await this.send('/queue/wait', { QueuePosition: '1', QueueTime: '30' });
    const offer = find(round.verbs, 'Gather');
    expect(offer, `${label}: the callback is offered after 60 s`).toBeDefined();
    const leave = await this.send(offer!.attrs.action!, { Digits: '1' });
    expect(
      leave.verbs.map((v) => v.name),
      label,
    ).toEqual(['Leave']);
    this.doc = await this.send(this.enqueueAction, { QueueResult: 'leave', QueueTime: '30' });
    const booked = (await this.store.listCallbacks('pending')).filter((c) => c.callSid === this.callSid);
    expect(booked, `${label}: one callback booked`).toHaveLength(1);
    expect(booked[0]!.number).toBe(CALLER);
  }
}
