import { describe, expect, it } from 'vitest';
import { isWithheldNumber } from '../../../src/server/services/withheld-number.js';

describe('isWithheldNumber', () => {
  it("takes Twilio's withheld caller-id placeholders and non-numbers as no caller", () => {
    for (const from of [
      undefined,
      '',
      ' ',
      'anonymous',
      'Anonymous',
      '+266696687',
      '+7378742833',
      '+2562533',
      'client:alice',
    ])
      expect(isWithheldNumber(from), String(from)).toBe(true);
  });

  it('keeps real numbers, E.164 or national', () => {
    for (const from of ['+8613800138000', '13800138000', '+8653112345'])
      expect(isWithheldNumber(from), from).toBe(false);
  });
});
