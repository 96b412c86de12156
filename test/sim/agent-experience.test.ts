import { describe, expect, it } from 'vitest';
import { AgentExperience, experienceMultiplier, MONTH_SEC } from '../../src/sim/agent-experience.js';
import { Rng } from '../../src/sim/rng.js';

const DAY = 86400;
const model = (monthlyAttrition: number) => ({
  newAgentMultiplier: 1.6,
  halfLifeSec: 30 * DAY,
  attritionPerSec: monthlyAttrition / MONTH_SEC,
});

describe('experienceMultiplier', () => {
  it('is the new-agent multiplier at tenure 0, halfway to 1 after one half-life, 1 for an infinite tenure', () => {
    expect(experienceMultiplier(model(0.1), 0)).toBe(1.6);
    expect(experienceMultiplier(model(0.1), 30 * DAY)).toBeCloseTo(1.3, 12);
    expect(experienceMultiplier(model(0.1), 90 * DAY)).toBeCloseTo(1.075, 12);
    expect(experienceMultiplier(model(0.1), Infinity)).toBe(1);
  });
});

describe('AgentExperience', () => {
  it('keeps every agent experienced when nobody leaves (attrition 0), and groups without a model at 1', () => {
    const e = new AgentExperience([model(0), null], new Rng(1));
    expect(e.tenureSec(0, 3, 1000)).toBe(Infinity);
    expect(e.multiplier(0, 3, 1000)).toBe(1);
    expect(e.multiplier(1, 3, 1000)).toBe(1);
    expect(e.replacedUntil(365 * DAY)).toEqual([0, null]);
  });

  it('starts agents at the steady-state tenure: exponential with mean 1 / attrition', () => {
    const e = new AgentExperience([model(0.25)], new Rng(7));
    const tenures = Array.from({ length: 4000 }, (_, i) => e.tenureSec(0, i + 1, 0));
    const meanMonths = tenures.reduce((a, b) => a + b, 0) / tenures.length / MONTH_SEC;
    expect(meanMonths).toBeGreaterThan(3.8); // mean 4 months, standard error 0.063
    expect(meanMonths).toBeLessThan(4.2);
  });

  it('replaces agents at the monthly rate over a long horizon (Poisson), within 4 standard errors', () => {
    const agents = 100;
    const months = 120;
    const e = new AgentExperience([model(0.05)], new Rng(11));
    for (let n = 1; n <= agents; n += 1) e.tenureSec(0, n, 0);
    const replaced = e.replacedUntil(months * MONTH_SEC)[0]!;
    const expected = agents * months * 0.05; // 600
    expect(Math.abs(replaced - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });

  it('gives a replacement tenure 0 at its hire: the multiplier decays from the new-agent value', () => {
    const e = new AgentExperience([model(2)], new Rng(3));
    let t = 0;
    let seen = 0;
    // Step in small increments; just after a replacement the tenure is below the step.
    for (let step = 0; step < 20000 && seen < 20; step += 1) {
      const before = e.replacedUntil(t)[0]!;
      t += 3600;
      const tenure = e.tenureSec(0, 1, t);
      if (e.replacedUntil(t)[0]! > before) {
        seen += 1;
        expect(tenure).toBeLessThan(3600);
        expect(e.multiplier(0, 1, t)).toBeGreaterThan(1.59);
      }
    }
    expect(seen).toBe(20);
  });
});
