import { describe, expect, it } from 'vitest';
import { analyticHourModel } from '../../src/analysis/analytic-hour-model.js';

const A2 = { ahtSec: 180, serviceLevel: 0.8, targetSec: 20, maxAbandonRate: 0.05 } as const;

describe('analyticHourModel', () => {
  it("gives Erlang A's 13 agents for erlang.md A2 (200 calls/h, AHT 3 min, patience 5 min, 80/20)", () => {
    const model = analyticHourModel({ ...A2, patienceSec: 300 });
    expect(model.minimum(200)).toMatchObject({ onPhone: 13 });
    expect(model.minimum(200).serviceLevel).toBeCloseTo(0.858178, 5);
    expect(model.minimum(200).abandonRate).toBeCloseTo(0.024963, 5);
  });

  it('falls back to Erlang C without patience (C3: 80/20 first met at 14)', () => {
    expect(analyticHourModel({ ...A2, patienceSec: null }).minimum(200)).toMatchObject({ onPhone: 14, abandonRate: 0 });
  });

  it('prices one agent fewer as the drop in service level and rise in abandonment', () => {
    const less = analyticHourModel({ ...A2, patienceSec: 300 }).oneAgentLess(200, 13);
    expect(less.serviceLevel).toBeCloseTo(0.858178 - 0.772279, 5);
    expect(less.abandonRate).toBeCloseTo(0.042711 - 0.024963, 5);
  });

  it('staffs no agents for an hour without calls', () => {
    expect(analyticHourModel({ ...A2, patienceSec: 300 }).minimum(0).onPhone).toBe(0);
  });
});
