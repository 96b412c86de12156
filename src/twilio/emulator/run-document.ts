import type { TwimlNode } from '../twiml-parser.js';
import { MAX_IDLE_REDIRECTS, type CallSession, type Next, type VerbInDocument } from './call-session.js';
import { dialVerb } from './dial-verb.js';
import { enqueueVerb } from './enqueue-verb.js';
import { gatherVerb } from './gather-verb.js';
import { playVerb } from './play-verb.js';
import { recordVerb } from './record-verb.js';
import { twimlMethod } from './twiml-attribute.js';

/** A document's verbs and the URL they came from (relative URLs resolve against it). */
export interface DocumentRun {
  readonly verbs: readonly TwimlNode[];
  readonly documentUrl: string;
}

/**
 * Runs one document verb by verb: returns the next request (a verb's action, a `<Redirect>`), 'hangup' (`<Hangup>`,
 * a late `<Reject>`, `<Hangup>` in a wait URL), 'other-party', or null when the document ran out.
 */
export async function runDocument(
  session: CallSession,
  { verbs, documentUrl }: DocumentRun,
): Promise<Next | 'hangup' | 'other-party'> {
  for (const verb of verbs) {
    const run = { verb, documentUrl };
    switch (verb.name) {
      case 'Say':
      case 'Play':
      case 'Pause':
        await playVerb(session, run);
        break;
      case 'Gather': {
        const next = await gatherVerb(session, { ...run, place: 'call' });
        if (next) return next;
        break;
      }
      case 'Redirect':
        return redirect(session, run);
      case 'Enqueue': {
        const next = await enqueueVerb(session, run);
        if (next) return next;
        break;
      }
      case 'Dial': {
        const next = await dialVerb(session, run);
        if (next) return next;
        break;
      }
      case 'Record': {
        const next = await recordVerb(session, run);
        if (next) return next;
        break;
      }
      case 'Hangup':
      case 'Reject':
        session.log(`<${verb.name}>`);
        return 'hangup';
      case 'Leave':
        session.log('<Leave> outside a queue: ignored');
        break;
      default:
        session.log(`<${verb.name}> is not emulated: skipped`);
    }
  }
  return null;
}

/** A `<Redirect>`: the next document, unless too many redirects in a row played nothing (error 11215 ends the call). */
function redirect(session: CallSession, { verb, documentUrl }: VerbInDocument): Next {
  session.idleDocuments += 1;
  if (session.idleDocuments > MAX_IDLE_REDIRECTS) {
    const message = `${documentUrl}: more than ${MAX_IDLE_REDIRECTS} <Redirect>s in a row with nothing played`;
    session.fail({ code: 11215, message });
    session.log(`error 11215: ${message}`);
    return null;
  }
  session.log(`Redirect ${verb.text}`);
  return { url: session.resolve(verb.text, documentUrl), method: twimlMethod(verb.attrs.method), params: {} };
}
