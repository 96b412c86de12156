import { CallerHungUp, type CallSession, type Next, type VerbInDocument } from './call-session.js';
import { rfc2822 } from './rfc2822.js';
import { twimlMethod, twimlSeconds } from './twiml-attribute.js';

/**
 * Runs a `<Record>`: the beep, the caller's message (from its script), then the action with the recording, or
 * fall-through when nothing was recorded. A caller who hangs up while recording gets the action with
 * `Digits=hangup` (if anything was recorded), and the call ends.
 */
export async function recordVerb(session: CallSession, { verb, documentUrl }: VerbInDocument): Promise<Next> {
  const maxLengthSec = twimlSeconds(verb.attrs.maxLength, 3600) || 3600;
  const finishOnKey = verb.attrs.finishOnKey ?? '1234567890*#';
  const silenceSec = twimlSeconds(verb.attrs.timeout, 5);
  const heard = { callSid: session.sid, atSec: session.atSec, maxLengthSec, finishOnKey, verb };
  const { value: turn } = await session.await(
    session.script.record?.(heard) ?? { messageSec: 0, end: 'silence' as const },
  );
  const messageSec = Math.min(Math.max(0, turn.messageSec), maxLengthSec);
  const action = session.resolve(verb.attrs.action ?? documentUrl, documentUrl);
  const how = twimlMethod(verb.attrs.method);
  if (verb.attrs.playBeep !== 'false') await session.wait(0.5);
  const recording = (digits?: string) => {
    const sid = `RE${session.sid.slice(2)}`;
    const params: Record<string, string> = {
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${session.env.accountSid}/Recordings/${sid}`,
      RecordingSid: sid,
      RecordingDuration: String(Math.round(messageSec)),
    };
    if (digits !== undefined) params.Digits = digits;
    return params;
  };
  if (turn.end === 'hangup') {
    await session.wait(messageSec).catch(() => undefined);
    session.log(`caller hung up while recording (${messageSec} s)`);
    if (messageSec > 0) {
      await session.request('document', action, how, { ...recording('hangup'), CallStatus: 'completed' });
    }
    throw new CallerHungUp();
  }
  const keyEnds = turn.end === 'key' && turn.key !== undefined && finishOnKey.includes(turn.key);
  const afterSec = silenceSec === 0 ? maxLengthSec : silenceSec;
  const untilSec = keyEnds ? messageSec : Math.min(maxLengthSec, messageSec + afterSec);
  await session.wait(untilSec);
  if (messageSec === 0) {
    session.log('Record: nothing recorded, falls through to the next verb');
    return null;
  }
  session.log(`Record: ${messageSec} s message`);
  await recordingCallback(session, { verb, documentUrl }, recording());
  return { url: action, method: how, params: recording(keyEnds ? turn.key : undefined) };
}

async function recordingCallback(
  session: CallSession,
  { verb, documentUrl }: VerbInDocument,
  recording: Record<string, string>,
): Promise<void> {
  const url = verb.attrs.recordingStatusCallback;
  if (!url) return;
  const how = twimlMethod(verb.attrs.recordingStatusCallbackMethod);
  await session.request('callback', session.resolve(url, documentUrl), how, {
    RecordingSid: recording.RecordingSid!,
    RecordingUrl: recording.RecordingUrl!,
    RecordingDuration: recording.RecordingDuration!,
    RecordingStatus: 'completed',
    RecordingChannels: '1',
    RecordingSource: 'RecordVerb',
    RecordingStartTime: rfc2822(session.env.clock.now()),
  });
}
