import { describe, expect, it } from 'vitest';
import { deterministic } from '../../src/sim/distributions.js';
import { Rng } from '../../src/sim/rng.js';
import { CallScreening } from '../../src/sim/screening.js';

describe('CallScreening', () => {
  const invalid = [false, true];

  it('screens invalid call types out with the policy, at the screened handle time', () => {
    const s = new CallScreening({ invalid, policy: true, screenedHandleSec: deterministic(25) }, new Rng(1));
    expect(s.screenedHandleSec(1)).toBe(25);
    expect(s.screenedHandleSec(0)).toBe(-1);
  });

  it('screens nothing without the policy (invalid requests take their type handle time)', () => {
    const s = new CallScreening({ invalid, policy: false, screenedHandleSec: null }, new Rng(1));
    expect(s.screenedHandleSec(1)).toBe(-1);
  });
});
