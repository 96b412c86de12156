import type { ResolvedStep } from '../flow/runtime/resolved-step.js';
import type { JourneyStep } from './recording-metadata.js';

/** Where a journey's IVR sent the caller, and when it let go of them. */
export interface JourneySummary {
  /** `queue:SKILL`, `transfer:NUMBER`, `voicemail`, `agent`, `end:STATE`, or `hangup:STATE` (the caller hung up in the IVR). */
  readonly destination: string;
  /** Call time the caller left the IVR (entered the first queue, transfer, recording or ending step), or hung up in it. */
  readonly ivrSec: number;
}

/** The first step that leaves the IVR decides the destination. */
export function summariseJourney(journey: readonly JourneyStep[]): JourneySummary {
  let lastIvrState = '';
  for (const step of journey) {
    switch (step.kind) {
      case 'enqueue':
        return { destination: `queue:${step.to ?? '?'}`, ivrSec: step.atSec };
      case 'transfer':
        return { destination: `transfer:${step.to ?? '?'}`, ivrSec: step.atSec };
      case 'record':
        return { destination: 'voicemail', ivrSec: step.atSec };
      case 'agent':
        return { destination: 'agent', ivrSec: step.atSec };
      case 'hangup':
        return { destination: `end:${step.state}`, ivrSec: step.atSec };
      case 'final':
        break;
      default:
        lastIvrState = step.state;
    }
  }
  const last = journey.at(-1);
  return { destination: `hangup:${lastIvrState}`, ivrSec: last ? (last.endSec ?? last.atSec) : 0 };
}

/** What a journey step records of where it sends the caller: a queue's skill, a transfer's number. */
export function stepTarget(step: ResolvedStep): string | undefined {
  return step.kind === 'enqueue' ? step.skill : step.kind === 'transfer' ? step.to : undefined;
}

/** Facts of a finished call that its journey holds. */
export interface JourneyFacts {
  readonly answered: boolean;
  readonly callbackRequested: boolean;
  readonly transferTo: string | null;
  readonly queueEntered: boolean;
  /** The caller hung up while waiting in the last queue. */
  readonly waiting: boolean;
  readonly endedBy: 'caller' | 'flow';
}

/** Reads the facts of a finished call from its journey. */
export function journeyFacts(journey: readonly JourneyStep[]): JourneyFacts {
  const has = (type: string) => journey.some((s) => s.event?.type === type);
  const lastQueue = journey.findLast((s) => s.kind === 'enqueue');
  return {
    answered: has('AGENT_ANSWERED'),
    callbackRequested: has('CALLBACK_REQUESTED'),
    transferTo: journey.find((s) => s.kind === 'transfer')?.to ?? null,
    queueEntered: lastQueue !== undefined,
    waiting: lastQueue?.event?.type === 'HANGUP',
    endedBy: has('HANGUP') ? 'caller' : 'flow',
  };
}
