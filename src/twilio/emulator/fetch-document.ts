import type { TwimlNode } from '../twiml-parser.js';
import type { CallSession, NextRequest } from './call-session.js';
import { speechSeconds } from './speech-time.js';
import { readDocument } from './twiml-document.js';

/** Seconds Twilio's "an application error has occurred" message takes. */
const APPLICATION_ERROR_SEC = 4;

/** Options of a document fetch. */
export interface FetchOptions {
  /** This request is the fallback URL's: a second failure ends the call instead of falling back again. */
  readonly isFallback?: boolean;
}

/**
 * Fetches a document of the call and reads it as Twilio does: returns its verbs; audio and plain text answers
 * answer the call, play, and leave no verbs (the call ends); on a fatal error goes to the fallback URL (once per
 * failure, with ErrorCode and ErrorUrl), else plays Twilio's application error and returns 'ended'.
 */
export async function fetchDocument(
  session: CallSession,
  next: NextRequest,
  options: FetchOptions = {},
): Promise<readonly TwimlNode[] | 'ended'> {
  const exchange = await session.request('document', next.url, next.method, next.params);
  if (next.ignoreAnswer) return [];
  const reading = readDocument(exchange);
  if (reading.kind === 'twiml') {
    session.script.heard?.({
      callSid: session.sid,
      atSec: session.atSec,
      url: exchange.url,
      verbs: reading.verbs,
      body: exchange.body,
      role: 'call',
    });
    return reading.verbs;
  }
  if (reading.kind === 'audio') {
    session.log(`${exchange.url} answered audio: played, then the call ends`);
    await session.answer();
    await session.wait(await session.env.audioSeconds(exchange.url));
    return [];
  }
  if (reading.kind === 'text') {
    session.log(`${exchange.url} answered plain text: read aloud, then the call ends`);
    await session.answer();
    await session.wait(speechSeconds(reading.text, 'en-US'));
    return [];
  }
  session.fail({ code: reading.code, message: reading.message });
  session.log(`error ${reading.code}: ${reading.message}`);
  const { fallbackUrl, fallbackMethod } = session.plan;
  if (fallbackUrl && !options.isFallback) {
    session.log(`fallback URL ${fallbackUrl}`);
    const params = { ErrorCode: String(reading.code), ErrorUrl: next.url };
    const fallback = { url: fallbackUrl, method: fallbackMethod ?? 'POST', params };
    return fetchDocument(session, fallback, { isFallback: true });
  }
  await session.wait(APPLICATION_ERROR_SEC);
  return 'ended';
}
