import type { AnyMachineSnapshot } from 'xstate';
import type { CallEvent } from '../flow/call-event.js';
import type { FlowPath } from '../flow/graph/coverage-paths.js';
import { activeStep } from '../flow/graph/machine-internals.js';
import type { Step } from '../flow/step.js';
import { fillTemplate, pickText, type Language } from '../flow/text.js';
import type { CallOutcome } from '../record/call-record.js';
import type { TwimlNode } from '../twilio/twiml-parser.js';

/** A prompt the caller must hear: its text with `{placeholders}` matching any value the server fills in. */
export interface ExpectedPrompt {
  readonly template: string;
  readonly pattern: RegExp;
}

/** A step of a path where the call waits for the caller or the world, with what must be heard and what happens next. */
export interface WaitingStep {
  readonly stateId: string;
  readonly step: Step;
  readonly language: Language;
  /** Say prompts heard since the previous waiting step: announcements passed on the way, then the step's own. */
  readonly prompts: readonly ExpectedPrompt[];
  /** The event that leaves the step; undefined for the last step of a path. */
  readonly event: CallEvent | undefined;
  /** For keys typed into a lookup: whether the lookup finds them. */
  readonly lookupFound?: boolean;
  /** The queue's skill (enqueue) or the number dialled (transfer), filled from the call's context. */
  readonly target?: string;
}

const PLACEHOLDER = /\{[A-Za-z_][A-Za-z0-9_]*\}/g;

/** A prompt template as a pattern: the text as written, each `{placeholder}` matching any value. */
export function expectedPrompt(template: string): ExpectedPrompt {
  const parts = template.split(PLACEHOLDER).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { template, pattern: new RegExp(`^${parts.join('[\\s\\S]*?')}$`) };
}

function sayPrompts(step: Step, language: Language): ExpectedPrompt[] {
  if (!('prompts' in step)) return [];
  return step.prompts.flatMap((p) => (p.kind === 'say' ? [expectedPrompt(pickText(p.text, language) ?? '')] : []));
}

function stateOf(snapshot: AnyMachineSnapshot): { stateId: string; step: Step } | undefined {
  return activeStep(snapshot);
}

/** The waiting steps of a path, in order, with the prompts each must have been preceded by. */
export function waitingSteps(path: FlowPath): WaitingStep[] {
  const states = [path.start, ...path.steps.map((s) => s.snapshot)];
  const result: WaitingStep[] = [];
  let passed: ExpectedPrompt[] = [];
  for (let i = 0; i < states.length; i += 1) {
    const snapshot = states[i]!;
    const active = stateOf(snapshot);
    const language = (snapshot.context as { language: Language }).language;
    if (!active) continue;
    if (active.step.kind === 'announce') {
      passed.push(...sayPrompts(active.step, language));
      continue;
    }
    if (active.step.kind === 'lookup') continue;
    const event = path.steps[i]?.event;
    const next = path.steps[i + 1];
    const intoLookup = path.steps[i] && stateOf(path.steps[i]!.snapshot)?.step.kind === 'lookup';
    const lookup = intoLookup && next?.event.type === 'LOOKUP_RESULT' ? { lookupFound: next.event.found } : {};
    const step = active.step;
    const target =
      step.kind === 'enqueue'
        ? { target: fillTemplate(step.skill, snapshot.context as Record<string, unknown>) }
        : step.kind === 'transfer'
          ? { target: step.to }
          : {};
    result.push({
      stateId: active.stateId,
      step,
      language,
      prompts: [...passed, ...sayPrompts(step, language)],
      event,
      ...lookup,
      ...target,
    });
    passed = [];
  }
  return result;
}

/** Text of all `<Say>` verbs in document order, nested ones included. */
export function spokenTexts(verbs: readonly TwimlNode[]): string[] {
  return verbs.flatMap((v) => (v.name === 'Say' ? [v.text] : spokenTexts(v.children)));
}

/** What differs between the prompts heard and those expected; empty when they match. */
export function promptProblems(heard: readonly string[], expected: readonly ExpectedPrompt[]): string[] {
  const problems: string[] = [];
  const n = Math.max(heard.length, expected.length);
  for (let i = 0; i < n; i += 1) {
    const h = heard[i];
    const e = expected[i];
    if (e === undefined) problems.push(`heard an extra prompt "${h}"`);
    else if (h === undefined) problems.push(`expected the prompt "${e.template}" but heard nothing more`);
    else if (!e.pattern.test(h)) problems.push(`expected the prompt "${e.template}", heard "${h}"`);
  }
  return problems;
}

/** The outcome a path must leave in the call record, derived from the path alone. */
export function expectedOutcome(path: FlowPath): CallOutcome {
  const events = path.steps.map((s) => s.event.type);
  const visited = [path.start, ...path.steps.map((s) => s.snapshot)];
  if (events.includes('AGENT_ANSWERED')) return 'answered';
  if (events.includes('CALLBACK_REQUESTED')) return 'callback';
  if (visited.some((s) => s.hasTag('emergency'))) return 'transferred';
  if (events.includes('RECORDED')) return 'voicemail';
  const beforeLast = visited.at(-2);
  if (events.at(-1) === 'HANGUP' && beforeLast?.hasTag('queue')) return 'abandoned';
  if (events.includes('QUEUE_RESULT')) return 'queue-failed';
  if (visited.some((s) => s.hasTag('self-served'))) return 'self-service';
  return events.at(-1) === 'HANGUP' ? 'ivr-hangup' : 'ended-in-ivr';
}

/** A path in one line: each event and the state it led to. */
export function describePath(path: FlowPath): string {
  return path.steps
    .filter((s) => s.event.type !== 'PLAYED' && s.event.type !== 'LOOKUP_RESULT')
    .map((s) => {
      const e = s.event;
      const detail =
        e.type === 'DIGITS'
          ? `(${e.digits})`
          : e.type === 'SPEECH'
            ? `("${e.text}")`
            : e.type === 'QUEUE_RESULT'
              ? `(${e.result})`
              : e.type === 'TRANSFER_ENDED'
                ? `(${e.status})`
                : '';
      const state =
        stateOf(s.snapshot)?.stateId ??
        (typeof s.snapshot.value === 'string' ? s.snapshot.value : JSON.stringify(s.snapshot.value));
      return `${e.type}${detail}→${state}`;
    })
    .join(' ');
}
