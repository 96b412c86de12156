/**
 * The placeholders Twilio puts in `From` when the caller withheld or has no caller id: the keypad spellings of
 * ANONYMOUS, UNAVAILABLE, RESTRICTED, BLOCKED and UNAVAIL, and the word itself.
 */
const WITHHELD = new Set(['+266696687', '+86282452253', '+7378742833', '+2562533', '+8656696']);

/**
 * True when a webhook's `From` names no caller (empty, a withheld-id placeholder, or not a number at all): such
 * calls get no caller hash, so that all withheld callers are not counted as one caller redialling.
 */
export function isWithheldNumber(from: string | undefined): boolean {
  const trimmed = from?.trim() ?? '';
  return trimmed === '' || WITHHELD.has(trimmed) || !/^\+?[0-9]{3,}$/.test(trimmed);
}
