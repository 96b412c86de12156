import type { TwimlNode } from '../twiml-parser.js';
import type { QueueMember } from './call-queues.js';
import { MAX_IDLE_REDIRECTS, type CallSession, type Next } from './call-session.js';
import { gatherVerb } from './gather-verb.js';
import { playVerb } from './play-verb.js';
import { twimlMethod } from './twiml-attribute.js';
import { readDocument } from './twiml-document.js';

/** A caller waiting in a queue: the `<Enqueue>` verb (its wait URL) and the caller's place in the queue. */
export interface QueueHold {
  readonly verb: TwimlNode;
  readonly member: QueueMember;
  readonly documentUrl: string;
}

/** How a hold ended: an agent took the caller, or the wait TwiML said `<Leave>` or `<Hangup>`. */
export type HoldEnd = 'taken' | 'leave' | 'hangup-verb';

/**
 * Plays the wait URL's rounds until an agent takes the caller or the wait TwiML leaves or hangs up. The wait URL
 * is requested again whenever its TwiML (or the audio it answered) runs out, which loops the hold music.
 */
export async function holdInQueue(session: CallSession, { verb, member, documentUrl }: QueueHold): Promise<HoldEnd> {
  const signal = member.taken.signal;
  const waitAttr = verb.attrs.waitUrl;
  const waitUrl = waitAttr ? session.resolve(waitAttr, documentUrl) : undefined;
  const waitMethod = twimlMethod(verb.attrs.waitUrlMethod, waitUrl ? 'POST' : 'GET');
  const clock = session.env.clock;
  let round: Next = null;
  while (!signal.aborted) {
    if (!waitUrl) {
      // Twilio's default hold music, or silence for waitUrl="": nothing to fetch.
      await session.wait(3600, signal);
      continue;
    }
    const queue = member.queue;
    const request = round ?? { url: waitUrl, method: waitMethod, params: {} };
    round = null;
    const exchange = await session.request('document', request.url, request.method, {
      ...request.params,
      QueuePosition: String(queue.position(member)),
      QueueSid: queue.sid,
      QueueTime: String(Math.round((clock.now() - member.enqueuedMs) / 1000)),
      AvgQueueTime: String(queue.averageWaitSec(clock.now())),
      CurrentQueueSize: String(queue.members.length),
      MaxQueueSize: String(queue.maxSize),
    });
    if (signal.aborted) break;
    const reading = readDocument(exchange);
    if (reading.kind === 'audio') {
      // Twilio's Enqueue doc: "The URL may return an MP3 file, a WAV file, or a TwiML document"; like TwiML that
      // runs out, the file plays to its end and the waitUrl is requested again.
      const audioSec = session.env.answerAudioSec(exchange.body, exchange.url);
      session.log(`wait URL ${exchange.url} answered audio: ${audioSec} s, then requested again`);
      await session.wait(audioSec, signal);
    } else if (reading.kind !== 'twiml') {
      const message = reading.kind === 'error' ? reading.message : `${exchange.url}: a wait URL must answer TwiML`;
      session.fail({ code: reading.kind === 'error' ? reading.code : 12300, message });
      session.log(`wait URL error: ${message}`);
      await session.wait(5, signal);
      continue;
    } else {
      session.script.heard?.({
        callSid: session.sid,
        atSec: session.atSec,
        url: exchange.url,
        verbs: reading.verbs,
        body: exchange.body,
        role: 'wait',
      });
      const end = await waitRound(session, { verbs: reading.verbs, documentUrl: exchange.url, signal });
      if (end === 'leave' || end === 'hangup-verb') return end;
      round = end;
    }
    if (!round && !signal.aborted && session.idleDocuments++ > MAX_IDLE_REDIRECTS) {
      // A wait URL that plays nothing would be fetched in a tight loop; Twilio would too, but an emulator must
      // not spin.
      await session.wait(1, signal);
    }
  }
  return 'taken';
}

interface WaitDocument {
  readonly verbs: readonly TwimlNode[];
  readonly documentUrl: string;
  readonly signal: AbortSignal;
}

/**
 * Runs one wait-URL document: `<Leave>`, `<Hangup>`, the next request (Redirect, Gather action), or null when it
 * ran out.
 */
async function waitRound(session: CallSession, round: WaitDocument): Promise<Next | 'leave' | 'hangup-verb'> {
  const { verbs, documentUrl, signal } = round;
  for (const item of verbs) {
    if (signal.aborted) break;
    if (item.name === 'Leave') return 'leave';
    if (item.name === 'Hangup') return 'hangup-verb';
    if (item.name === 'Redirect') {
      return { url: session.resolve(item.text, documentUrl), method: twimlMethod(item.attrs.method), params: {} };
    }
    if (item.name === 'Gather') {
      const next = await gatherVerb(session, { verb: item, documentUrl, place: 'queue', signal });
      if (next) return next;
    } else if (item.name === 'Say' || item.name === 'Play' || item.name === 'Pause') {
      await playVerb(session, { verb: item, documentUrl, signal, place: 'queue' });
    } else {
      const allowed = 'Play, Say, Pause, Gather, Redirect, Leave, Hangup';
      const message = `${documentUrl}: <${item.name}> is not allowed in a wait URL (${allowed})`;
      session.fail({ code: 12200, message });
      session.log(`<${item.name}> not allowed in a wait URL: skipped`);
    }
  }
  return null;
}
