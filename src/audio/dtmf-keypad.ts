/**
 * The DTMF keypad of ITU-T Q.23: four row (low group) and four column (high
 * group) frequencies; each symbol is one row tone plus one column tone.
 */

/** A DTMF symbol: 0-9, `*`, `#` or the extended keys A-D. */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** Low-group (row) nominal frequencies in Hz, top row first. */
export const DTMF_ROW_FREQUENCIES_HZ: readonly number[] = [697, 770, 852, 941];

/** High-group (column) nominal frequencies in Hz, left column first. */
export const DTMF_COLUMN_FREQUENCIES_HZ: readonly number[] = [1209, 1336, 1477, 1633];

/** The keypad, `DTMF_KEYPAD[row][column]`. */
export const DTMF_KEYPAD: readonly (readonly DtmfDigit[])[] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

/** All 16 symbols in keypad order (row by row). */
export const DTMF_DIGITS: readonly DtmfDigit[] = DTMF_KEYPAD.flat();

/** True when `value` is one of the 16 DTMF symbols. */
export function isDtmfDigit(value: string): value is DtmfDigit {
  return (DTMF_DIGITS as readonly string[]).includes(value);
}

/** Nominal `{ lowHz, highHz }` of a DTMF symbol. */
export function dtmfFrequencies(digit: DtmfDigit): { lowHz: number; highHz: number } {
  for (let row = 0; row < DTMF_KEYPAD.length; row++) {
    const column = DTMF_KEYPAD[row]?.indexOf(digit) ?? -1;
    if (column >= 0)
      return { lowHz: DTMF_ROW_FREQUENCIES_HZ[row] ?? 0, highHz: DTMF_COLUMN_FREQUENCIES_HZ[column] ?? 0 };
  }
  // Unreachable for a DtmfDigit; kept so the return type stays total.
  throw new RangeError(`Not a DTMF digit: ${digit}`);
}
