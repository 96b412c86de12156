import { describe, expect, it } from 'vitest';
import { fitCallbackOffer, inferRoutes, quantileSorted } from '../../src/analysis/fit-routing.js';

describe('inferRoutes', () => {
  it('ranks groups by their minimum wait (1st percentile, floored), then by calls answered', () => {
    const vendor = Array.from({ length: 200 }, (_, i) => 12.7 + i / 10);
    vendor.push(0.5); // one odd record below the overflow wait does not decide it
    const city = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? 0 : i / 50));
    const small = [0, 0, 1];
    const routes = inferRoutes([
      { group: 'vendor', waitsSec: vendor },
      { group: 'city', waitsSec: city },
      { group: 'night', waitsSec: small },
      { group: 'none', waitsSec: [] },
    ]);
    expect(routes.map((r) => [r.group, r.priority, r.minWaitSec])).toEqual([
      ['city', 1, 0],
      ['night', 2, 0],
      ['vendor', 3, 12],
    ]);
  });

  it('takes nearest-rank quantiles', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantileSorted([1, 2, 3, 4], 0.01)).toBe(1);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('fitCallbackOffer', () => {
  it('counts as eligible the callers still waiting at the offer time', () => {
    const fit = fitCallbackOffer([61, 70, 90], [10, 59, 60, 65, 120, 300, 400], 60);
    expect(fit).toEqual({ offerAfterSec: 60, accepted: 3, eligible: 8, acceptance: 3 / 8 });
  });

  it('infers the offer time from the bookers when not given, and is null without bookings or offer', () => {
    expect(fitCallbackOffer([64.5, 70], [63, 100])?.offerAfterSec).toBe(64);
    expect(fitCallbackOffer([], [10])).toBeNull();
    expect(fitCallbackOffer([], [10], 60)).toMatchObject({ accepted: 0, eligible: 0, acceptance: 0 });
  });
});
