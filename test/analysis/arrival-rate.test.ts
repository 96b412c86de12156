import { describe, expect, it } from 'vitest';
import { arrivalRatePerSec, type ArrivalRateInput } from '../../src/analysis/arrival-rate.js';

describe('arrivalRatePerSec', () => {
  it('reads the same rate from each of its three forms', () => {
    expect(arrivalRatePerSec({ ratePerSec: 0.1 }, 'test')).toBe(0.1);
    expect(arrivalRatePerSec({ callsPerHour: 360 }, 'test')).toBeCloseTo(0.1, 15);
    expect(arrivalRatePerSec({ callsPerInterval: 180, intervalSec: 1800 }, 'test')).toBeCloseTo(0.1, 15);
  });

  it('refuses no rate or two rates, saying which forms exist', () => {
    expect(() => arrivalRatePerSec({} as ArrivalRateInput, 'erlangC')).toThrow(
      /erlangC: give the arrival rate in exactly one way .* none was given/,
    );
    const both = { ratePerSec: 1, callsPerHour: 3600 } as unknown as ArrivalRateInput;
    expect(() => arrivalRatePerSec(both, 'erlangC')).toThrow(
      expect.objectContaining({
        code: 'HOTLINE_ARGUMENT_INVALID',
        message: expect.stringContaining('got ratePerSec and callsPerHour'),
      }),
    );
  });

  it('needs intervalSec along with callsPerInterval', () => {
    expect(() => arrivalRatePerSec({ callsPerInterval: 100 } as unknown as ArrivalRateInput, 'erlangA')).toThrow(
      /erlangA: intervalSec must be a finite number greater than 0, got undefined/,
    );
  });
});
