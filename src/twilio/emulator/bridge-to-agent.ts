import type { TwimlNode } from '../twiml-parser.js';
import type { QueueMember } from './call-queues.js';
import { CallerHungUp, type CallSession } from './call-session.js';
import { LOOP_FOREVER, playVerb } from './play-verb.js';
import { readDocument } from './twiml-document.js';

/** The QueueResult of a dequeued caller: bridged, or hung up during the `<Queue url>` greeting. */
export type BridgeResult = 'bridged' | 'bridging-in-process';

/**
 * The caller side of a dequeue: the `<Queue url>` greeting, then the bridge until one side hangs up. A caller who
 * hangs up leaves `session.hangupAtMs` at now, so the Enqueue ends the call.
 */
export async function bridgeToAgent(session: CallSession, member: QueueMember): Promise<BridgeResult> {
  const dequeue = member.dequeue!;
  const clock = session.env.clock;
  session.hangupAtMs = Infinity;
  const takenMs = clock.now();
  const greeting = dequeue.url ? await fetchGreeting(session, member) : undefined;
  // Both sides' talk time counts from the moment the agent takes the caller, greeting included (as the server's
  // answerSec does): the agent's script says how long the agent is engaged with the caller, not the bridge alone.
  const talk = { callSid: session.sid, atSec: session.atSec, target: dequeue.agentCallSid };
  session.hangUpIn(session.script.talkSec?.(talk));
  try {
    for (const item of greeting?.verbs ?? []) {
      if (item.name === 'Say' || item.name === 'Play' || item.name === 'Pause') {
        await playVerb(session, { verb: item, documentUrl: greeting!.url, place: 'greeting' });
      }
    }
  } catch (error) {
    if (!(error instanceof CallerHungUp)) throw error;
    member.finish({ talkSec: 0, endedBy: 'caller', beforeBridge: true });
    session.hangupAtMs = clock.now();
    session.log('caller hung up before the bridge');
    return 'bridging-in-process';
  }
  const startMs = clock.now();
  session.log(`bridged with ${dequeue.agentCallSid}`);
  try {
    const greetingSec = (startMs - takenMs) / 1000;
    const passed = await session.wait(
      Number.isFinite(dequeue.agentTalkSec) ? Math.max(0, dequeue.agentTalkSec - greetingSec) : LOOP_FOREVER * 3600,
      dequeue.agentHangUp,
    );
    if (!passed) {
      const talkSec = (clock.now() - startMs) / 1000;
      session.hangupAtMs = Infinity;
      member.finish({ talkSec, endedBy: 'agent', beforeBridge: false });
      session.log(`agent hung up after ${talkSec} s`);
      return 'bridged';
    }
  } catch (error) {
    if (!(error instanceof CallerHungUp)) throw error;
    const talkSec = (clock.now() - startMs) / 1000;
    member.finish({ talkSec, endedBy: 'caller', beforeBridge: false });
    session.hangupAtMs = clock.now();
    session.log(`caller hung up after ${talkSec} s with the agent`);
    return 'bridged';
  }
  session.hangupAtMs = Infinity;
  member.finish({ talkSec: dequeue.agentTalkSec, endedBy: 'agent', beforeBridge: false });
  session.log(`agent hung up after ${dequeue.agentTalkSec} s`);
  return 'bridged';
}

/** Fetches the `<Queue url>` document the caller hears before the bridge (Say, Play, Pause only). */
async function fetchGreeting(
  session: CallSession,
  member: QueueMember,
): Promise<{ url: string; verbs: readonly TwimlNode[] } | undefined> {
  const dequeue = member.dequeue!;
  const exchange = await session.request('document', dequeue.url!, dequeue.method, {
    QueueSid: member.queue.sid,
    QueueTime: String(Math.round((session.env.clock.now() - member.enqueuedMs) / 1000)),
    DequeingCallSid: dequeue.agentCallSid,
  });
  const reading = readDocument(exchange);
  if (reading.kind === 'error') {
    session.fail({ code: reading.code, message: reading.message });
    return undefined;
  }
  if (reading.kind !== 'twiml') return undefined;
  session.script.heard?.({
    callSid: session.sid,
    atSec: session.atSec,
    url: exchange.url,
    verbs: reading.verbs,
    body: exchange.body,
    role: 'greeting',
  });
  return { url: exchange.url, verbs: reading.verbs };
}
