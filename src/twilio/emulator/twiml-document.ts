import { BoundedMemo } from '../../bounded-memo.js';
import { parseTwiml, TwimlParseError, type TwimlNode } from '../twiml-parser.js';
import type { TwilioErrorCode, WebhookExchange } from './webhook-client.js';

/** What Twilio does with an answer: run its TwiML, play it as audio, or fail the request. */
export type DocumentReading =
  | { readonly kind: 'twiml'; readonly verbs: readonly TwimlNode[] }
  | { readonly kind: 'audio' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'error'; readonly code: TwilioErrorCode; readonly message: string };

/** Verbs of a `<Response>`. */
export const VOICE_VERBS = new Set([
  'Say',
  'Play',
  'Pause',
  'Gather',
  'Redirect',
  'Enqueue',
  'Leave',
  'Dial',
  'Record',
  'Hangup',
  'Reject',
  'Start',
  'Stop',
  'Connect',
  'Refer',
  'Pay',
  'Prompt',
  'Echo',
  'Sms',
  'Message',
  'Queue',
]);

/** What each verb may contain; verbs not listed contain nothing (only text). */
const NESTING: Readonly<Record<string, ReadonlySet<string> | 'any'>> = {
  Gather: new Set(['Say', 'Play', 'Pause']),
  Dial: new Set(['Number', 'Client', 'Queue', 'Conference', 'Sip', 'Sim', 'Application', 'WhatsApp']),
  Say: new Set([
    'break',
    'emphasis',
    'lang',
    'p',
    'phoneme',
    'prosody',
    's',
    'say-as',
    'sub',
    'w',
    'amazon:domain',
    'amazon:effect',
  ]),
  Start: 'any',
  Stop: 'any',
  Connect: 'any',
  Refer: 'any',
  Pay: 'any',
  Prompt: 'any',
};

function nestingError(verb: TwimlNode): string | undefined {
  const allowed = NESTING[verb.name];
  if (allowed === 'any') return undefined;
  for (const child of verb.children) {
    if (!allowed?.has(child.name)) return `<${child.name}> is not allowed inside <${verb.name}>`;
  }
  return undefined;
}

/** Checks a parsed document: known verbs, nested only where Twilio allows. Returns the first problem. */
export function twimlProblem(verbs: readonly TwimlNode[]): string | undefined {
  for (const verb of verbs) {
    if (!VOICE_VERBS.has(verb.name)) return `<${verb.name}> is not a TwiML voice verb`;
    const nesting = nestingError(verb);
    if (nesting) return nesting;
  }
  return undefined;
}

const TWIML_TYPES = ['text/xml', 'application/xml', 'text/html'];

/**
 * Reads an answer the way Twilio does, by its Content-Type: XML and HTML run
 * as TwiML; audio plays and the call ends; plain text runs if it is TwiML,
 * else is read aloud and the call ends; anything else fails the request.
 */
export function readDocument(exchange: WebhookExchange): DocumentReading {
  if (exchange.error) return { kind: 'error', code: exchange.error.code, message: exchange.error.message };
  const type = exchange.contentType.split(';', 1)[0]!.trim().toLowerCase();
  const where = `${exchange.method} ${exchange.url}`;
  if (type.startsWith('audio/')) return { kind: 'audio' };
  const plain = type === 'text/plain';
  if (!plain && !TWIML_TYPES.includes(type)) {
    return {
      kind: 'error',
      code: 12300,
      message: `${where} answered Content-Type "${exchange.contentType || '(none)'}"; TwiML must be text/xml or application/xml`,
    };
  }
  const parsed = parseOnce(exchange.body);
  if ('failure' in parsed) {
    if (plain) return { kind: 'text', text: exchange.body.trim() };
    return { kind: 'error', code: 12100, message: `${where}: document parse failure: ${parsed.failure}` };
  }
  const { verbs, problem } = parsed;
  if (problem) return { kind: 'error', code: 12200, message: `${where}: ${problem}` };
  return { kind: 'twiml', verbs };
}

type Parsed =
  | { readonly verbs: readonly TwimlNode[]; readonly problem: string | undefined }
  | { readonly failure: string };

/**
 * Parsed documents by their text. Servers send the same few documents over
 * and over (an idle agent's hold, a menu's prompt), and a load of a thousand
 * calls would otherwise parse each again; nodes are read-only, so calls can
 * share them. Bounded: when full, the oldest goes.
 */
const PARSED = new BoundedMemo<Parsed>(2048);
/** Documents longer than this are parsed each time rather than kept. */
const PARSED_MAX_CHARS = 65_536;

function parseOnce(body: string): Parsed {
  return body.length > PARSED_MAX_CHARS ? parse(body) : PARSED.get(body, () => parse(body));
}

function parse(body: string): Parsed {
  try {
    const verbs = parseTwiml(body);
    return { verbs, problem: twimlProblem(verbs) };
  } catch (error) {
    return { failure: error instanceof TwimlParseError ? error.message : String(error) };
  }
}
