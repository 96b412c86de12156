import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One TwiML verb or noun: its name, attributes, text, and nested elements in order. */
export interface TwimlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** Text content (e.g. the words of a `<Say>`, the URL of a `<Redirect>`), trimmed. */
  readonly text: string;
  readonly children: readonly TwimlNode[];
}

type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});

function toNode(raw: Raw): TwimlNode | undefined {
  const name = Object.keys(raw).find((key) => key !== ':@');
  if (!name || name === '#text' || name.startsWith('?')) return undefined;
  const content = (raw[name] as Raw[]) ?? [];
  const text = content
    .filter((c) => '#text' in c)
    .map((c) => String(c['#text']))
    .join('')
    .trim();
  const children = content.map(toNode).filter((n): n is TwimlNode => n !== undefined);
  return { name, attrs: raw[':@'] ?? {}, text, children };
}

/** The error a malformed TwiML document raises. */
export class TwimlParseError extends Error {
  override readonly name = 'TwimlParseError';
}

/**
 * Parses a TwiML document into its `<Response>`'s verbs, in order. Throws
 * TwimlParseError when the document is not well-formed XML or has no `<Response>` root.
 */
export function parseTwiml(xml: string): TwimlNode[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new TwimlParseError(
      `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );
  let parsed: Raw[];
  try {
    parsed = parser.parse(xml) as Raw[];
  } catch (error) {
    throw new TwimlParseError(`not XML: ${(error as Error).message}`);
  }
  const root = parsed.map(toNode).find((n) => n !== undefined);
  if (root?.name !== 'Response')
    throw new TwimlParseError(`root element is ${root ? `<${root.name}>` : 'missing'}, expected <Response>`);
  return [...root.children];
}
