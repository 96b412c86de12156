/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts
 * colour and cursor sequences, BEL rings, CR rewrites the line), DEL, C1
 * controls (CSI 0x9b is a one-byte ESC [), Unicode line/paragraph separators,
 * and the bidirectional overrides and isolates that reorder what follows
 * (text that reads differently from what it is). Tab and newline are kept by
 * `printable` only where a caller asks (`keepLayout`), for the CLI's own tables.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the control characters to make visible
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the control characters to make visible
const UNSAFE_WITH_LAYOUT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** `\u001b`: visible on a terminal, and a valid escape inside a JSON string (the --json output passes here too). */
function escapeChar(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Text from data (scenario names, flow ids and titles, state names, agent
 * names, file names, server answers) made safe to print on a terminal:
 * control and direction-changing characters become visible escapes
 * (`\u001b`, `\u202e`, as in JSON, so `--json` output stays valid JSON);
 * everything else, Chinese included, is unchanged.
 * With `keepLayout` newlines and tabs pass (whole output blocks the CLI laid
 * out itself); without it they are escaped too (a value inside one line).
 *
 * @example printable('city\x1b[2J') // 'city\\u001b[2J'
 */
export function printable(text: string, keepLayout = false): string {
  return text.replace(keepLayout ? UNSAFE : UNSAFE_WITH_LAYOUT, escapeChar);
}
