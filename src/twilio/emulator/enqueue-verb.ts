import { bridgeToAgent } from './bridge-to-agent.js';
import { QueueMember } from './call-queues.js';
import { CallerHungUp, type CallSession, type Next, type VerbInDocument } from './call-session.js';
import { holdInQueue, type HoldEnd } from './hold-in-queue.js';
import { twimlMethod } from './twiml-attribute.js';

/**
 * Runs an `<Enqueue>`: waits with the wait URL's rounds until an agent takes the caller, the caller leaves, or hangs
 * up. Returns the action request (or null to fall through), or 'hangup' when `<Hangup>` in the wait URL ended the
 * call; a caller who hangs up gets the action requested (its answer ignored) and the call ends.
 */
export async function enqueueVerb(
  session: CallSession,
  { verb, documentUrl }: VerbInDocument,
): Promise<Next | 'hangup'> {
  const { env } = session;
  const queue = env.queues.get(verb.text, verb.attrs.maxQueueSize ? Number(verb.attrs.maxQueueSize) : undefined);
  const action = verb.attrs.action ? session.resolve(verb.attrs.action, documentUrl) : undefined;
  const how = twimlMethod(verb.attrs.method);
  const wait = { callSid: session.sid, atSec: session.atSec, target: queue.name, verb };
  const fault = session.script.enqueueFault?.(wait);
  if (queue.members.length >= queue.maxSize || fault) {
    const result = fault ?? 'queue-full';
    session.log(`Enqueue ${queue.name}: ${result}`);
    return action ? { url: action, method: how, params: { QueueResult: result } } : null;
  }
  const member = new QueueMember(session.sid, queue, env.clock.now());
  queue.join(member);
  session.log(`Enqueue ${queue.name} (position ${queue.position(member)})`);
  session.hangUpIn(session.script.queuePatienceSec?.(wait));
  const queueTime = () => String(Math.round((env.clock.now() - member.enqueuedMs) / 1000));
  const result = (QueueResult: string) => ({ QueueResult, QueueSid: queue.sid, QueueTime: queueTime() });
  let outcome: HoldEnd;
  try {
    outcome = await holdInQueue(session, { verb, member, documentUrl });
  } catch (error) {
    queue.remove(member);
    if (!(error instanceof CallerHungUp)) throw error;
    session.log(`caller hung up in queue ${queue.name} after ${queueTime()} s`);
    if (action) await session.request('document', action, how, { ...result('hangup'), CallStatus: 'completed' });
    throw error;
  }
  session.hangupAtMs = Infinity;
  if (outcome === 'hangup-verb') {
    // Twilio's Enqueue doc: <Hangup> in a waitUrl "hangs up the call and thereby leaving the queue and ending
    // the call".
    queue.remove(member);
    session.log(`<Hangup> in the wait URL: left queue ${queue.name}, the call ends`);
    if (action) await session.request('document', action, how, { ...result('hangup'), CallStatus: 'completed' });
    return 'hangup';
  }
  if (outcome === 'leave') {
    queue.remove(member);
    session.log(`left queue ${queue.name}`);
    return action ? { url: action, method: how, params: result('leave') } : null;
  }
  const waited = queueTime();
  const bridged = await bridgeToAgent(session, member);
  const params = { QueueResult: bridged, QueueSid: queue.sid, QueueTime: waited };
  if (bridged !== 'bridged' || session.hangupAtMs <= env.clock.now()) {
    if (action) await session.request('document', action, how, { ...params, CallStatus: 'completed' });
    throw new CallerHungUp();
  }
  return action ? { url: action, method: how, params } : null;
}
