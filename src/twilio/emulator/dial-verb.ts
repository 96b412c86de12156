import type { TwimlNode } from '../twiml-parser.js';
import { CallerHungUp, type CallSession, type Next, type VerbInDocument } from './call-session.js';
import { twimlMethod, twimlSeconds } from './twiml-attribute.js';

/** How a dial ended: the action's parameters, and whether the caller hung up (the call ends). */
interface DialEnd {
  readonly params: Record<string, string>;
  readonly callerLeft: boolean;
}

/**
 * Runs a `<Dial>`: a number or client rings and talks; a `<Queue>` takes a waiting caller (the agent side).
 * Returns the action request, or null to go on with the next verb; when the caller hangs up, the action is
 * requested (its answer ignored) and the call ends.
 */
export async function dialVerb(
  session: CallSession,
  { verb, documentUrl }: VerbInDocument,
): Promise<Next | 'other-party'> {
  const noun = verb.children[0] ?? { name: 'Number', attrs: {}, text: verb.text, children: [] };
  const timeoutSec = twimlSeconds(verb.attrs.timeout, 30);
  const action = verb.attrs.action ? session.resolve(verb.attrs.action, documentUrl) : undefined;
  const how = twimlMethod(verb.attrs.method);
  const { params, callerLeft } =
    noun.name === 'Queue'
      ? await dialQueue(session, { noun, timeoutSec, documentUrl })
      : await dialNumber(session, { verb, noun, timeoutSec, timeLimitSec: twimlSeconds(verb.attrs.timeLimit, 14400) });
  if (callerLeft) {
    if (action) await session.request('document', action, how, { ...params, CallStatus: 'completed' });
    throw new CallerHungUp();
  }
  return action ? { url: action, method: how, params } : null;
}

interface NumberDial {
  readonly verb: TwimlNode;
  readonly noun: TwimlNode;
  readonly timeoutSec: number;
  readonly timeLimitSec: number;
}

/** `<Dial><Number>` (or a client): the world says how it answers; the caller's script how long they stay. */
async function dialNumber(session: CallSession, dial: NumberDial): Promise<DialEnd> {
  const { verb, noun, timeoutSec, timeLimitSec } = dial;
  const to = noun.text;
  const childSid = `CA${session.sid.slice(2, 26)}${String(session.requests).padStart(8, '0')}`;
  const heard = { callSid: session.sid, atSec: session.atSec, target: to, verb };
  session.log(`Dial ${noun.name} ${to}`);
  session.hangUpIn(session.script.dialPatienceSec?.(heard));
  const answer = session.env.world(to, heard);
  try {
    if (answer.status !== 'completed' || answer.ringSec > timeoutSec) {
      await session.wait(Math.min(answer.ringSec, timeoutSec));
      const status = answer.status === 'completed' ? 'no-answer' : answer.status;
      session.log(`Dial ${to}: ${status}`);
      return { params: { DialCallStatus: status, DialCallSid: childSid, DialBridged: 'false' }, callerLeft: false };
    }
    await session.wait(answer.ringSec);
    const talked = (durationSec: number) => ({
      DialCallStatus: 'completed',
      DialCallSid: childSid,
      DialCallDuration: String(durationSec),
      DialBridged: 'true',
    });
    const startMs = session.env.clock.now();
    try {
      await session.wait(Math.min(answer.talkSec, timeLimitSec));
    } catch (error) {
      if (!(error instanceof CallerHungUp)) throw error;
      return { params: talked(Math.round((session.env.clock.now() - startMs) / 1000)), callerLeft: true };
    }
    session.log(`Dial ${to}: talked ${Math.min(answer.talkSec, timeLimitSec)} s`);
    return { params: talked(Math.round(Math.min(answer.talkSec, timeLimitSec))), callerLeft: false };
  } catch (error) {
    if (!(error instanceof CallerHungUp)) throw error;
    // Twilio's DialCallStatus "canceled": the dialled call ended before it was answered (here: the caller left).
    session.log(`Dial ${to}: canceled, the caller hung up while it rang`);
    return { params: { DialCallStatus: 'canceled', DialCallSid: childSid, DialBridged: 'false' }, callerLeft: true };
  } finally {
    session.hangupAtMs = Infinity;
  }
}

interface QueueDial {
  readonly noun: TwimlNode;
  readonly timeoutSec: number;
  readonly documentUrl: string;
}

/** The agent side of `<Dial><Queue>`: takes the longest-waiting caller and stays bridged until either side hangs up. */
async function dialQueue(session: CallSession, { noun, timeoutSec, documentUrl }: QueueDial): Promise<DialEnd> {
  const name = noun.text;
  const { env } = session;
  const talk = { callSid: session.sid, atSec: session.atSec, target: name };
  const agentTalkSec = session.script.talkSec?.(talk) ?? Infinity;
  const agentHangUp = session.script.bridgeEnd?.(talk);
  const member = await env.queues.take(
    name,
    timeoutSec,
    {
      agentCallSid: session.sid,
      ...(noun.attrs.url ? { url: session.resolve(noun.attrs.url, documentUrl) } : {}),
      method: twimlMethod(noun.attrs.method),
      agentTalkSec,
      ...(agentHangUp ? { agentHangUp } : {}),
    },
    env.key,
  );
  if (!member) {
    session.log(`Dial Queue ${name}: nobody waiting within ${timeoutSec} s`);
    const params = { DialCallStatus: 'no-answer', DialBridged: 'false', QueueSid: env.queues.get(name).sid };
    return { params, callerLeft: false };
  }
  session.log(`Dial Queue ${name}: took ${member.callSid}`);
  const end = await member.ended;
  const queueTime = String(Math.round((env.clock.now() - member.enqueuedMs) / 1000 - end.talkSec));
  session.log(`bridge with ${member.callSid} ended after ${end.talkSec} s (${end.endedBy} hung up)`);
  const params = {
    DialCallStatus: end.beforeBridge ? 'canceled' : 'completed',
    DialCallSid: member.callSid,
    DialCallDuration: String(Math.round(end.talkSec)),
    DialBridged: String(!end.beforeBridge),
    QueueSid: member.queue.sid,
    QueueTime: queueTime,
  };
  return { params, callerLeft: false };
}
